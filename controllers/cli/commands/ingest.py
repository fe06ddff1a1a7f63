"""``gitea-assistants ingest PATH...`` and ``gitea-assistants ingest deps [PATH...]``.

Both run against the board directly (embedded PostgreSQL unless DATABASE_URL is set), show a
progress bar on stderr and end with a summary; ``--json`` prints the summary as JSON on stdout.
Exit status: 0 when the run completed (skipped files included), 1 on an error such as a path
that does not exist, 130 when interrupted (what was stored is whole; run again to finish).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import click

from blackboard.errors import BoardError
from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from controllers.cli.app import app_settings
from controllers.cli.output import console, print_json
from controllers.cli.up_embedder import embedder_of_running_up
from controllers.composition import open_board
from ingest.model import IngestReport
from ingest.pipeline import ProgressSink
from ingest.progress import RichProgress
from ingest.run import default_store, ingest_deps, ingest_paths
from ingest.settings import IngestSettings
from ingest.sources.deps import DEPS_STORE
from ingest.summary import print_summary
from ingest.threads import use_one_worker_thread
from ingest.walk import check_paths_exist

INTERRUPTED_EXIT = 130

Work = Callable[[Board, ProgressSink], Awaitable[IngestReport]]


class IngestGroup(click.Group):
    """``ingest deps ...`` runs the subcommand; anything else is ``ingest PATH...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["paths", *args]
        return super().parse_args(ctx, args)


@click.group(
    "ingest", cls=IngestGroup, no_args_is_help=True, subcommand_metavar="PATH... | deps [PATH]..."
)
def ingest_group() -> None:
    """Put local documents (ingest PATH...) or dependency docs (ingest deps) on the board.

    \b
      gitea-assistants ingest ~/notes docs/ --store team-notes [--json]
      gitea-assistants ingest deps [--package litestar] [DOCS_DIR...]
    Unchanged files cost nothing on a re-run; deleted ones are marked gone.
    """


@ingest_group.command("paths", hidden=True)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--store",
    default=None,
    help="Store name (tag store:NAME). Default: the first directory's name.",
)
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    help="Gitignore-style pattern to leave out (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
def ingest_paths_command(
    paths: tuple[Path, ...], store: str | None, excludes: tuple[str, ...], as_json: bool
) -> None:
    """Ingest files and directories as one document store."""
    _exists(paths)
    settings = _ingest_settings(excludes)
    name = store or default_store(paths)
    report = IngestReport(store=name, kind=EntryKind.DOCUMENT)

    def work(board: Board, progress: ProgressSink) -> Awaitable[IngestReport]:
        return ingest_paths(board, paths, name, settings=settings, progress=progress, report=report)

    _run(work, report, as_json, f"ingest {name}")


@ingest_group.command("deps")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--package",
    "packages",
    multiple=True,
    help=(
        "Only this installed distribution (repeatable). Default: all of them. Given once, "
        "the PATHs are tagged as its docs (else inferred from the path)."
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
def ingest_deps_command(paths: tuple[Path, ...], packages: tuple[str, ...], as_json: bool) -> None:
    """Index installed Python distributions' docs (README / long description) and PATHs."""
    _exists(paths)
    settings = _ingest_settings(())
    report = IngestReport(store=DEPS_STORE, kind=EntryKind.DEPENDENCY_DOC)

    def work(board: Board, progress: ProgressSink) -> Awaitable[IngestReport]:
        return ingest_deps(
            board, paths, packages, settings=settings, progress=progress, report=report
        )

    _run(work, report, as_json, "ingest deps")


def _exists(paths: tuple[Path, ...]) -> None:
    """Fail before starting anything when a path does not exist."""
    try:
        check_paths_exist(list(paths))
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc


def _ingest_settings(excludes: tuple[str, ...]) -> IngestSettings:
    settings = app_settings().ingest
    if excludes:
        settings = settings.model_copy(update={"exclude": [*settings.exclude, *excludes]})
    return settings


def _run(work: Work, report: IngestReport, as_json: bool, description: str) -> None:
    """Open the board, run ``work`` with a progress bar, close, print the summary, exit."""

    settings = app_settings()
    lent = embedder_of_running_up(settings)
    if lent.said:
        click.echo(lent.said, err=True)

    async def main() -> None:
        use_one_worker_thread()
        board = await asyncio.to_thread(open_board, settings)
        if lent.embedder is not None:
            board.use_embedder(lent.embedder)
        try:
            with RichProgress(description) as progress:
                await work(board, progress)
        finally:
            await board.close()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        report.interrupted = True
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(report.as_dict())
    else:
        print_summary(report, console)
    if report.interrupted:
        sys.exit(INTERRUPTED_EXIT)


CLI_COMMAND = ingest_group
