"""The composition root: from ``AppSettings`` to the board, its background services and the app.

``up`` and the other commands build everything here, once, from the settings ``load_settings``
read at start-up; each piece gets the part of the settings it needs. What only ``up`` runs (the
app, the team, the outbox, the bots) is imported when ``up`` asks for it, so the commands that
only open the board start quicker.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from functools import partial
from typing import TYPE_CHECKING

from blackboard.runtime import Board
from controllers.settings import AppSettings

if TYPE_CHECKING:
    from litestar import Litestar

    from controllers.api.plugin import BackgroundService


def open_board(settings: AppSettings) -> Board:
    """Start (or reach) the database, migrate it, and open the board on it."""
    return Board.open(settings.board)


def background_services(settings: AppSettings, *, agents: bool) -> list[BackgroundService]:
    """What ``up`` runs beside the API: the team (unless ``agents`` is off), the Gitea sync,
    the outbox and the Telegram bots."""
    from controllers.agents import team_service
    from controllers.control.stopping import saq_says_once
    from ingest.gitea.mirror.schedule import gitea_sync_service

    services: list[BackgroundService] = []
    if agents:
        services.append(
            partial(
                team_service,
                control=settings.control,
                models=settings.models,
                split=settings.ingest.split_options,
                web=settings.web_search,
            )
        )
    services.append(partial(gitea_sync_service, settings=settings.gitea))  # off unless configured
    services.append(partial(outbox_and_bots, settings=settings))
    services.append(saq_says_once)  # last in, first out: quiet from the start of the stop
    return services


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
