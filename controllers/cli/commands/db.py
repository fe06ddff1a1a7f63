"""``gitea-assistants db upgrade|downgrade|current|reembed``: the board's schema migrations,
and re-embedding every chunk after a model change."""

from __future__ import annotations

import asyncio

import click
from rich.progress import Progress

from blackboard import migrate
from blackboard.database import open_database
from blackboard.errors import BoardError
from controllers.cli.app import app_settings
from controllers.cli.output import console


@click.group("db")
def db_group() -> None:
    """Database schema migrations, and the database tool (inspect, query)."""


def _with_db(action: str, revision: str) -> None:
    try:
        db = open_database(app_settings().board)
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        if action == "upgrade":
            migrate.upgrade(db.sqlalchemy_url, revision)
        elif action == "downgrade":
            migrate.downgrade(db.sqlalchemy_url, revision)
        console.print(f"schema at revision: {migrate.current(db.sqlalchemy_url) or 'none'}")
    finally:
        db.stop()


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade_command(revision: str) -> None:
    """Migrate the board up (to the newest schema by default)."""
    _with_db("upgrade", revision)


@db_group.command("downgrade")
@click.argument("revision")
def downgrade_command(revision: str) -> None:
    """Migrate the board down to REVISION ('base' removes every board table)."""
    _with_db("downgrade", revision)


@db_group.command("current")
def current_command() -> None:
    """Print the schema revision."""
    _with_db("current", "")


@db_group.command("reembed")
def reembed_command() -> None:
    """Embed every stored chunk again with the configured model (after changing GA_EMBEDDER
    or its model), with a progress bar; a large board's vector index is built once at the
    end. Safe to interrupt and rerun."""
    from blackboard.services.reembed import reembed_all
    from controllers.composition import open_board

    settings = app_settings()

    async def main() -> int:
        board = await asyncio.to_thread(open_board, settings)
        try:
            embedder = await board.embedder()
            with Progress(console=console, transient=False) as bar:
                task = bar.add_task(f"re-embedding with {embedder.name}", total=None)
                index = bar.add_task("building the vector index", total=None, visible=False)
                return await reembed_all(
                    board,
                    embedder,
                    lambda done, total: bar.update(task, completed=done, total=total),
                    index_progress=lambda done, total: bar.update(
                        index, completed=done, total=total, visible=True
                    ),
                )
        finally:
            await board.close()

    try:
        written = asyncio.run(main())
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    console.print(f"re-embedded {written} chunks")


CLI_COMMAND = db_group
