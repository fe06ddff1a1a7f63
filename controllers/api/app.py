"""The Litestar application factory: routes, auth, error mapping, and the board's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig

from blackboard.errors import BoardError
from blackboard.runtime import Board
from blackboard.settings import Settings, get_settings
from controllers.api.auth import BearerTokenMiddleware
from controllers.api.dependencies import provide_board, provide_principals, provide_session
from controllers.api.errors import EXCEPTION_HANDLERS
from controllers.api.routes.actions import ActionController
from controllers.api.routes.documents import post_document
from controllers.api.routes.entries import EntryController
from controllers.api.routes.gitea_webhooks import gitea_webhook
from controllers.api.routes.health import health
from controllers.api.routes.links import LinkController
from controllers.api.routes.search import search_board
from controllers.api.routes.tasks import TaskController
from controllers.api.token import read_api_token
from controllers.cli.plugin import BoardCLIPlugin
from controllers.outbox.rights import Principals
from controllers.telegram.webhook import telegram_webhook
from controllers.web.setup import web_parts

BackgroundService = Callable[[Board], AbstractAsyncContextManager[None]]
"""Something that runs beside the API while the app lives (started and stopped with it)."""


def create_app(
    board: Board | None = None,
    settings: Settings | None = None,
    token: str | None = None,
    owns_board: bool = False,
    services: Sequence[BackgroundService] = (),
    principals: Principals | None = None,
) -> Litestar:
    """Build the API.

    Without ``board`` the app opens (and migrates) one from settings on start and closes it on
    shutdown; with one, it closes it on shutdown only if ``owns_board``. ``services`` run for
    the app's lifetime on the board (``up`` passes the team, the outbox and the Gitea sync).
    ``principals`` (souls and the human role) decide who may record an action; without them
    the souls in ``souls/`` are read on first use.
    """
    settings = settings or (board.settings if board else get_settings())

    def token_source() -> str:
        found = token or read_api_token(settings)
        if found is None:
            raise BoardError("no API token: set GA_API_TOKEN or run 'gitea-assistants up'")
        return found

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        owned = board is None or owns_board
        opened: Board = (
            board if board is not None else await asyncio.to_thread(Board.open, settings)
        )
        app.state.board = opened
        app.state.principals = principals
        try:
            async with contextlib.AsyncExitStack() as stack:
                for service in services:
                    await stack.enter_async_context(service(opened))
                yield
        finally:
            if owned:
                await opened.close()

    web = web_parts(token_source)
    return Litestar(
        route_handlers=[
            health,
            EntryController,
            LinkController,
            TaskController,
            ActionController,
            search_board,
            post_document,
            gitea_webhook,
            telegram_webhook,
            *web.route_handlers,
        ],
        dependencies={
            "db_session": Provide(provide_session),
            "board": Provide(provide_board),
            "principals": Provide(provide_principals, sync_to_thread=False),
        },
        middleware=[BearerTokenMiddleware(token_source), *web.middleware],
        template_config=web.template_config,
        csrf_config=web.csrf_config,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        plugins=[BoardCLIPlugin()],
        logging_config=_logging_config(settings),
        openapi_config=OpenAPIConfig(
            title="gitea-assistants board", version="0.1.0", path="/schema"
        ),
    )


def _logging_config(settings: Settings) -> LoggingConfig:
    """Our own loggers at GA_LOG_LEVEL; chatty libraries (httpx, embedded server) at WARNING."""
    ours = {"level": settings.log_level, "handlers": ["queue_listener"], "propagate": False}
    return LoggingConfig(
        root={"level": "WARNING", "handlers": ["queue_listener"]},
        loggers={
            name: ours
            for name in ("blackboard", "controllers", "ingest", "knowledge_sources", "litestar")
        },
        log_exceptions="debug",
    )
