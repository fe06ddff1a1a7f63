"""The composition root: from ``AppSettings`` to the board, its background services and the app.

``up`` and the other commands build everything here, once, from the settings ``load_settings``
read at start-up; each piece gets the part of the settings it needs.
"""

from __future__ import annotations

from functools import partial

from litestar import Litestar

from blackboard.runtime import Board
from controllers.agents import team_service
from controllers.api.app import create_app
from controllers.api.plugin import BackgroundService
from controllers.outbox.service import gitea_service
from controllers.settings import AppSettings
from controllers.telegram.service import telegram_service


def open_board(settings: AppSettings) -> Board:
    """Start (or reach) the database, migrate it, and open the board on it."""
    return Board.open(settings.board)


def background_services(settings: AppSettings, *, agents: bool) -> list[BackgroundService]:
    """What ``up`` runs beside the API: the team (unless ``agents`` is off), Gitea, Telegram."""
    services: list[BackgroundService] = []
    if agents:
        services.append(partial(team_service, control=settings.control, models=settings.models))
    # periodic sync + outbox; off unless Gitea is configured
    services.append(partial(gitea_service, settings=settings.gitea))
    # one bot per soul whose token variable is set
    services.append(
        partial(
            telegram_service,
            settings=settings.telegram,
            souls_dir=settings.models.souls_dir,
            gitea_url=settings.gitea.url,
        )
    )
    return services


def serving_app(settings: AppSettings, board: Board, token: str, *, agents: bool) -> Litestar:
    """The app ``up`` serves: it owns ``board`` and runs the background services on it."""
    return create_app(
        settings,
        board=board,
        token=token,
        owns_board=True,
        services=background_services(settings, agents=agents),
    )
