"""What every ``serve`` role shares: the shared board, logging, and running until a signal.

A role runs against the PostgreSQL at ``DATABASE_URL`` (several processes, maybe on several
machines, share it); it never migrates, so roles started together never race on the schema:
``gitea-assistants db upgrade`` (the deployment's migration step) does that first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from blackboard import migrate
from blackboard.errors import BoardError
from blackboard.runtime import Board
from controllers.logs import OUR_LOGGERS
from controllers.settings import AppSettings

if TYPE_CHECKING:
    from controllers.api.plugin import BackgroundService


def shared_board(settings: AppSettings, role: str) -> Board:
    """The board at ``DATABASE_URL``, which must be migrated already."""
    if not settings.board.database_url:
        raise click.ClickException(
            f"'serve {role}' runs against a shared PostgreSQL: set DATABASE_URL "
            "(or run everything in one process with 'gitea-assistants up')"
        )
    try:
        board = Board.open(settings.board, run_migrations=False)
        at, head = migrate.current(board.db.sqlalchemy_url), migrate.head()
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    if at != head:
        raise click.ClickException(
            f"the database is at schema {at or 'none'}, this program needs {head}: "
            "run 'gitea-assistants db upgrade' first"
        )
    return board


def role_logging(level: str) -> None:
    """Our loggers at ``GA_LOG_LEVEL`` on stderr; other libraries at WARNING."""
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for name in OUR_LOGGERS:
        logging.getLogger(name).setLevel(level)


def run_role(settings: AppSettings, role: str, services: Sequence[BackgroundService]) -> None:
    """Open the shared board and run ``services`` on it until SIGTERM or SIGINT."""
    role_logging(settings.board.log_level)
    board = shared_board(settings, role)
    click.echo(f"serve {role}: running on the database at DATABASE_URL; SIGTERM stops it")
    asyncio.run(_run(board, services))
    click.echo(f"serve {role}: stopped cleanly")


async def _run(board: Board, services: Sequence[BackgroundService]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with contextlib.AsyncExitStack() as stack:
            for service in services:
                await stack.enter_async_context(service(board))
            await stop.wait()
    finally:
        await board.close(stop_database=False)
