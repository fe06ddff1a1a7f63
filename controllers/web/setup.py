"""Everything the Litestar app needs for the web view, in one object ``BoardAppPlugin`` plugs in.

The view lives under ``/ui`` (``/`` redirects there). Its pages need a signed-in session
(server-side, on the board; the cookie holds only an id the server issued); form posts carry a
CSRF token; every page carries security headers. The JSON API keeps its bearer token, and the
CSRF check leaves it (and the webhooks) alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Litestar, Router, get
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.template.config import TemplateConfig

from controllers.api.errors import no_such_file
from controllers.api.throttle import FailureThrottle
from controllers.web.auth import SignInRequiredError, requires_session, to_sign_in
from controllers.web.context import WebContext
from controllers.web.headers import SecurityHeadersMiddleware
from controllers.web.routes.agents import agents_page, change_task
from controllers.web.routes.board import board_page, entries_table, post_entry
from controllers.web.routes.entry import entry_page, entry_related
from controllers.web.routes.events import board_events
from controllers.web.routes.login import login, login_page, logout
from controllers.web.routes.outbox import outbox_page
from controllers.web.sessions import IssuedOnlySessionConfig, session_store_lifespan
from controllers.web.settings import WebViewSettings
from knowledge_sources.souls import Soul

HERE = Path(__file__).parent
PUBLIC_PATHS = ("^/$", "^/ui(/|$)")
"""Paths the bearer-token guard leaves to the web view's own session guard."""
NOT_WEB = r"^/(?!ui(/|$))."
"""Every path but ``/`` and the web view's: the JSON API and the webhooks (no CSRF there)."""
SESSION_PATHS = r"^/schema(/|$)"
"""Paths outside the web view that a signed-in browser session opens too (the API's schema)."""
NO_SESSION = r"^/(?!ui(/|$)|schema(/|$))."
"""Where the session middleware does not run: the JSON API and the webhooks."""


@dataclass(frozen=True)
class WebParts:
    """Route handlers, middleware and configs for ``Litestar(...)``."""

    route_handlers: list[Any]
    middleware: list[DefineMiddleware | SecurityHeadersMiddleware]
    template_config: TemplateConfig[JinjaTemplateEngine]
    csrf_config: CSRFConfig
    lifespan: Callable[[Litestar], AbstractAsyncContextManager[None]]
    """Registers the session store on the open board; runs after the app's own lifespan."""


@get("/", include_in_schema=False)
async def to_web_view() -> Redirect:
    """The server's root opens the web view."""
    return Redirect("/ui")


def web_parts(
    token_source: Callable[[], str],
    settings: WebViewSettings,
    throttle: FailureThrottle,
    souls_dir: Path | None = None,
    souls: Mapping[str, Soul] | None = None,
) -> WebParts:
    """The web view for an app whose API token comes from ``token_source``.

    Failed sign-ins count in ``throttle`` (shared with the API's wrong tokens).
    """
    context = WebContext(
        token_source=token_source,
        settings=settings,
        throttle=throttle,
        souls_dir=souls_dir,
        given_souls=souls,
    )
    router = Router(
        path="/ui",
        route_handlers=[
            login_page,
            login,
            logout,
            board_page,
            entries_table,
            post_entry,
            entry_page,
            entry_related,
            agents_page,
            change_task,
            outbox_page,
            board_events,
        ],
        guards=[_guard],
        dependencies={"web": Provide(lambda: context, use_cache=True, sync_to_thread=False)},
        exception_handlers={SignInRequiredError: to_sign_in},
        include_in_schema=False,
    )
    static = create_static_files_router(
        path="/ui/static",
        directories=[HERE / "static"],
        exception_handlers={ValueError: no_such_file, HTTP_500_INTERNAL_SERVER_ERROR: no_such_file},
    )
    sessions = IssuedOnlySessionConfig(
        key="ga_session",
        path="/",
        max_age=settings.session_max_age_s,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
        exclude=[NO_SESSION],
    )
    csrf = CSRFConfig(
        secret=secrets.token_urlsafe(32),
        cookie_name="ga_csrf",
        cookie_path="/ui",
        cookie_secure=settings.cookie_secure,
        cookie_samesite="strict",
        header_name="x-csrftoken",
        exclude=[NOT_WEB],
    )
    return WebParts(
        route_handlers=[to_web_view, router, static],
        middleware=[SecurityHeadersMiddleware(), sessions.middleware],
        template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine),
        csrf_config=csrf,
        lifespan=session_store_lifespan,
    )


def _guard(connection: Any, handler: Any) -> None:
    if handler.opt.get("public"):
        return
    requires_session(connection, handler)
