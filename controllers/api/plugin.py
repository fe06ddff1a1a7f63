"""``BoardAppPlugin``: assembles the whole Litestar app on the board in one place.

Routes of the API, the webhooks and the web view; the bearer-token and session middleware;
error mapping; templates and CSRF of the web view; per-request sessions; logging; OpenAPI; and
the lifespan that opens (or is given) the board and runs the background services beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.plugins import InitPluginProtocol

from blackboard import redact_urls
from blackboard.errors import BoardError
from blackboard.runtime import Board
from controllers.api.auth import BearerTokenMiddleware
from controllers.api.dependencies import provide_board, provide_principals, provide_session
from controllers.api.errors import EXCEPTION_HANDLERS
from controllers.api.routes.actions import ActionController
from controllers.api.routes.agents import list_agents
from controllers.api.routes.documents import post_document
from controllers.api.routes.embeddings import embed_texts
from controllers.api.routes.entries import EntryController
from controllers.api.routes.gitea_webhooks import close_enrichment, gitea_webhook
from controllers.api.routes.health import health
from controllers.api.routes.links import LinkController
from controllers.api.routes.search import search_board, search_board_entries
from controllers.api.routes.tasks import TaskController
from controllers.api.team import TeamRoster
from controllers.api.token import check_api_token, read_api_token
from controllers.logs import OUR_LOGGERS
from controllers.outbox.rights import Principals
from controllers.settings import AppSettings
from controllers.telegram.webhook import telegram_webhook
from controllers.web.auth import scope_signed_in
from controllers.web.setup import SESSION_PATHS, web_parts

BackgroundService = Callable[[Board], AbstractAsyncContextManager[None]]
"""Something that runs beside the API while the app lives (started and stopped with it)."""


class BoardAppPlugin(InitPluginProtocol):
    """Everything of the app on the board; ``Litestar(plugins=[BoardAppPlugin(...)])``.

    Without ``board`` the app opens (and migrates) one from ``settings.board`` on start and
    closes it on shutdown; with one, it closes it on shutdown only if ``owns_board``.
    ``services`` run for the app's lifetime on the board (``up`` passes the team, the outbox
    and the Gitea sync, the Telegram bots). ``token`` overrides the configured API token.
    ``team``: the agents tasks may be given to and whether they run here (default: the souls
    in ``settings.models.souls_dir``, not running).
    """

    def __init__(
        self,
        settings: AppSettings,
        *,
        board: Board | None = None,
        token: str | None = None,
        owns_board: bool = False,
        services: Sequence[BackgroundService] = (),
        team: TeamRoster | None = None,
        principals: Principals | None = None,
    ) -> None:
        self.settings = settings
        self.team = team or TeamRoster(settings.models.souls_dir)
        self.board = board
        self.token = token
        self.owns_board = owns_board
        self.services = tuple(services)
        self.principals = principals

    def token_source(self) -> str:
        """The API token the app checks (asked per request: ``up`` may store it later)."""
        found = self.token or read_api_token(self.settings.board)
        if found is None:
            raise BoardError("no API token: set GA_API_TOKEN or run 'gitea-assistants up'")
        return found

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        throttle = self.settings.auth.throttle()  # wrong API tokens and failed sign-ins
        web = web_parts(
            self.token_source,
            self.settings.web_view,
            throttle,
            souls_dir=self.settings.models.souls_dir,
        )
        app_config.route_handlers.extend(
            [
                health,
                list_agents,
                EntryController,
                LinkController,
                TaskController,
                ActionController,
                search_board,
                search_board_entries,
                post_document,
                embed_texts,
                gitea_webhook,
                telegram_webhook,
                *web.route_handlers,
            ]
        )
        app_config.dependencies.update(
            {
                "db_session": Provide(provide_session),
                "board": Provide(provide_board),
                "principals": Provide(provide_principals, sync_to_thread=False),
            }
        )
        bearer = BearerTokenMiddleware(
            self.token_source, throttle, session_paths=SESSION_PATHS, signed_in=scope_signed_in
        )
        app_config.middleware.extend(
            [*web.middleware, bearer]
        )  # sessions load before the token check
        app_config.template_config = web.template_config
        app_config.csrf_config = web.csrf_config
        app_config.exception_handlers.update(EXCEPTION_HANDLERS)
        app_config.lifespan.extend([self._lifespan, web.lifespan])  # the board opens first
        app_config.on_shutdown.append(close_enrichment)  # webhook enrichment still running
        app_config.state["team"] = self.team
        app_config.state["principals"] = self.principals
        app_config.state["souls_dir"] = self.settings.models.souls_dir
        app_config.state["outbox_settings"] = self.settings.outbox
        app_config.state["gitea_settings"] = self.settings.gitea
        app_config.state["split_options"] = self.settings.ingest.split_options
        app_config.logging_config = _logging_config(self.settings.board.log_level)
        redact_urls.install()
        app_config.openapi_config = OpenAPIConfig(
            title="gitea-assistants board", version="0.1.0", path="/schema"
        )
        return app_config

    @asynccontextmanager
    async def _lifespan(self, app: Litestar) -> AsyncIterator[None]:
        if self.token is None:  # serving with the configured token: refuse a weak one
            check_api_token(self.settings.board)
        given = self.board
        opened = (
            given if given is not None else await asyncio.to_thread(Board.open, self.settings.board)
        )
        app.state.board = opened
        try:
            async with contextlib.AsyncExitStack() as stack:
                for service in self.services:
                    await stack.enter_async_context(service(opened))
                yield
        finally:
            if given is None or self.owns_board:
                await opened.close()


def settings_of(app: Litestar) -> AppSettings:
    """The settings the app was assembled with."""
    return app.plugins.get(BoardAppPlugin).settings


def _logging_config(level: str) -> LoggingConfig:
    """Our own loggers at GA_LOG_LEVEL; chatty libraries (httpx, embedded server) at WARNING.

    Every 500 is logged with its traceback (``errors.server_error``), answers to bad input not.
    """
    ours = {"level": level, "handlers": ["queue_listener"], "propagate": False}
    return LoggingConfig(
        root={"level": "WARNING", "handlers": ["queue_listener"]},
        loggers={name: ours for name in OUR_LOGGERS},
        log_exceptions="never",  # errors.server_error logs every 500 with its traceback
    )
