"""The composition root: from ``AppSettings`` to the board, its background services and the app.

``up`` and the other commands build everything here, once, from the settings ``load_settings``
read at start-up; each piece gets the part of the settings it needs. What only ``up`` runs (the
app, the team, the outbox, the bots) is imported when ``up`` asks for it, so the commands that
only open the board start quicker.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Collection
from contextlib import AbstractAsyncContextManager
from functools import partial
from typing import TYPE_CHECKING, Any

from blackboard.runtime import Board
from controllers.settings import AppSettings

if TYPE_CHECKING:
    from litestar import Litestar

    from controllers.api.plugin import BackgroundService


def open_board(settings: AppSettings) -> Board:
    """Start (or reach) the database, migrate it, and open the board on it."""
    return Board.open(settings.board)


def background_services(settings: AppSettings, *, agents: bool) -> list[BackgroundService]:
    """What ``up`` runs beside the API: the parts the ``serve`` roles run apart, all in one
    process: control and every agent's worker (unless ``agents`` is off), the Gitea sync, the
    outbox and the Telegram bots."""
    from controllers.control.stopping import saq_says_once

    services: list[BackgroundService] = []
    if agents:
        services += [control_role(settings), worker_role(settings)]
    services += [sync_role(settings), outbox_role(settings)]
    services.append(saq_says_once)  # last in, first out: quiet from the start of the stop
    return services


def control_role(settings: AppSettings) -> BackgroundService:
    """The control loop, active in one process at a time (lease ``control``)."""
    team = partial(_team, settings=settings, run_control=True, run_workers=False)
    return partial(_leased, name="control", settings=settings, service=team)


def worker_role(
    settings: AppSettings, agents: Collection[str] | None = None, concurrency: int = 1
) -> BackgroundService:
    """SAQ workers for ``agents`` (default: every soul), ``concurrency`` jobs each at a time;
    any number of these may run, on any machines."""
    return partial(
        _team,
        settings=settings,
        run_control=False,
        run_workers=True,
        agents=agents,
        concurrency=concurrency,
    )


def sync_role(settings: AppSettings) -> BackgroundService:
    """The periodic Gitea sync (off unless configured), active in one process (lease ``sync``)."""
    from ingest.gitea.mirror.schedule import gitea_sync_service

    sync = partial(gitea_sync_service, settings=settings.gitea)
    return partial(_leased, name="sync", settings=settings, service=sync)


def outbox_role(settings: AppSettings) -> BackgroundService:
    """The outbox and the Telegram bots, active in one process (lease ``outbox``): a bot's
    updates can be polled by one process only."""
    outbox = partial(outbox_and_bots, settings=settings)
    return partial(_leased, name="outbox", settings=settings, service=outbox)


def _team(board: Board, settings: AppSettings, **parts: Any) -> AbstractAsyncContextManager[None]:
    from controllers.agents import team_service

    return team_service(
        board,
        control=settings.control,
        models=settings.models,
        split=settings.ingest.split_options,
        web=settings.web_search,
        databases=settings.db_tool,
        gitea=settings.gitea if settings.gitea.token and settings.gitea.allow else None,
        workspaces=settings.workspace.directory(settings.board.data_dir),
        sandbox=settings.sandbox,
        **parts,
    )


def _leased(
    board: Board, name: str, settings: AppSettings, service: BackgroundService
) -> AbstractAsyncContextManager[None]:
    from controllers.control.lease import single_active

    return single_active(board.db.uri, name, settings.control.lease_poll_s, partial(service, board))


@contextlib.asynccontextmanager
async def outbox_and_bots(board: Board, settings: AppSettings) -> AsyncIterator[None]:
    """The outbox (every Gitea write and Telegram message) and one bot per soul whose token
    variable is set; the outbox sends through those bots."""
    from controllers.outbox.service import outbox_service
    from controllers.telegram.service import TelegramService
    from knowledge_sources.souls import load_souls

    souls = load_souls(settings.models.souls_dir)
    telegram = TelegramService(board, souls, settings.telegram, settings.gitea.url)
    outbox = outbox_service(
        board, settings.gitea, bots=telegram, souls=souls, settings=settings.outbox
    )
    async with outbox, telegram.running():
        yield


def serving_app(settings: AppSettings, board: Board, token: str, *, agents: bool) -> Litestar:
    """The app ``up`` serves: it owns ``board`` and runs the background services on it."""
    from controllers.api.app import create_app
    from controllers.api.team import TeamRoster

    return create_app(
        settings,
        board=board,
        token=token,
        owns_board=True,
        services=background_services(settings, agents=agents),
        team=TeamRoster(settings.models.souls_dir, running=agents),
    )
