"""The Litestar application factory: one app, assembled by ``BoardAppPlugin``."""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Litestar

from blackboard.runtime import Board
from controllers.api.plugin import BackgroundService, BoardAppPlugin
from controllers.api.team import TeamRoster
from controllers.outbox.rights import Principals
from controllers.settings import AppSettings


def create_app(
    settings: AppSettings,
    *,
    board: Board | None = None,
    token: str | None = None,
    owns_board: bool = False,
    services: Sequence[BackgroundService] = (),
    team: TeamRoster | None = None,
    principals: Principals | None = None,
) -> Litestar:
    """The API, the webhooks and the web view on the board (see ``BoardAppPlugin``)."""
    plugin = BoardAppPlugin(
        settings,
        board=board,
        token=token,
        owns_board=owns_board,
        services=services,
        team=team,
        principals=principals,
    )
    return Litestar(plugins=[plugin])
