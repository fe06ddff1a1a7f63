"""``gitea-assistants sync [--repo owner/name] [--full] [--json]``: mirror Gitea onto the board.

Runs against the board directly (embedded PostgreSQL unless DATABASE_URL is set). Incremental
by default: unchanged objects cost (almost) no requests and no writes. Exit status 1 on a
Gitea or board error, with the reason.
"""

from __future__ import annotations

import asyncio

import click

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.errors import BoardError
from blackboard.runtime import Board
from blackboard.settings import BoardSettings
from controllers.cli.app import app_settings
from controllers.cli.output import console, print_json, print_table
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.sync import Mirror


def require_gitea(settings: GiteaSettings) -> None:
    """Explain what is missing before anything is tried."""
    if not settings.token:
        raise click.ClickException("no Gitea token: set GA_GITEA_TOKEN (and GA_GITEA_URL)")
    if not settings.allow:
        raise click.ClickException("nothing to mirror: set GA_GITEA_ALLOW=org,owner/repo,...")


async def run_sync(
    settings: BoardSettings, gitea: GiteaSettings, repo: str | None, full: bool, quiet: bool
) -> SyncReport:
    """Open the board, sync, close the board."""
    board = await asyncio.to_thread(Board.open, settings)
    try:
        async with GiteaClient(gitea) as client:
            with console.status("syncing Gitea...") as status:

                def progress(message: str) -> None:
                    if not quiet:
                        status.update(message)

                def indexing(done: int, total: int) -> None:
                    progress(f"building the vector index: {done:,} of {total:,} chunks")

                mirror = Mirror(board, GiteaAPI(client), gitea, progress, indexing)
                return await mirror.run(repo=repo, full=full)
    finally:
        await board.close()


@click.command("sync")
@click.option("--repo", default=None, help="Only this repository (owner/name).")
@click.option("--full", is_flag=True, help="List everything and mark vanished objects gone.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
def sync_command(repo: str | None, full: bool, as_json: bool) -> None:
    """Mirror the allowed Gitea repositories (GA_GITEA_ALLOW) onto the board."""
    settings = app_settings()
    require_gitea(settings.gitea)
    try:
        report = asyncio.run(run_sync(settings.board, settings.gitea, repo, full, as_json))
    except (GiteaError, BoardError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(report.as_dict())
        return
    kinds = sorted(
        set(report.created) | set(report.updated) | set(report.unchanged) | set(report.gone)
    )
    print_table(
        f"Gitea {report.mode} sync: {', '.join(report.repos) or 'no repositories'}",
        ["kind", "created", "updated", "unchanged", "gone"],
        [
            [k, report.created[k], report.updated[k], report.unchanged[k], report.gone[k]]
            for k in kinds
        ],
    )
    console.print(
        f"{report.requests} requests to Gitea, {report.writes} writes, {report.seconds:.1f}s"
    )
    if report.index_dropped_after is not None:
        console.print(
            f"large load: the vector index was dropped after {report.index_dropped_after:,} new "
            f"chunks and built again at the end in {report.index_build_seconds or 0:.1f}s"
        )
    if report.corrections:
        console.print(
            f"{report.corrections} correction(s) of the agents' labels recorded as feedback "
            "on their decisions (see the issue's page)"
        )


CLI_COMMAND = sync_command
