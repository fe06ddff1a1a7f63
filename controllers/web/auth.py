"""Signing in to the web view, and the guard that sends everyone else to the sign-in page.

A person signs in with the API token or with ``GA_WEB_USERNAME``/``GA_WEB_PASSWORD``; both are
compared in constant time. The session (server-side, cookie holds only its id) remembers who
signed in; the secret itself is never stored in it.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect
from litestar.types import Scope

from controllers.web.settings import WebViewSettings

LOGIN_PATH = "/ui/login"


class SignInRequiredError(Exception):
    """The request has no signed-in session."""


def check_credentials(
    form: dict[str, str], token_source: Callable[[], str], settings: WebViewSettings
) -> str | None:
    """The signed-in name for a valid token or username/password, else ``None``."""
    token = form.get("token", "").strip()
    if token:
        return "token" if _same(token, token_source()) else None
    username, password = form.get("username", "").strip(), form.get("password", "")
    if not (settings.username and settings.password and username and password):
        return None
    user_ok = _same(username, settings.username)
    password_ok = _same(password, settings.password.get_secret_value())
    return settings.username if user_ok and password_ok else None


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def signed_in_user(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """Who is signed in on this connection's session."""
    if not scope_signed_in(connection.scope):
        return None
    return str(connection.scope["session"]["user"])  # type: ignore[index]


def scope_signed_in(scope: Scope) -> bool:
    """Whether the request's session (loaded by the session middleware) has someone signed in."""
    session = scope.get("session")
    user = session.get("user") if isinstance(session, dict) else None
    return isinstance(user, str) and bool(user)


def requires_session(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """Guard for every web route but the sign-in page."""
    if signed_in_user(connection) is None:
        raise SignInRequiredError


def to_sign_in(request: Request[Any, Any, Any], _exc: SignInRequiredError) -> Response[Any]:
    """Browsers go to the sign-in page (htmx requests through ``HX-Redirect``)."""
    if request.headers.get("hx-request"):
        return Response(content="", status_code=401, headers={"HX-Redirect": LOGIN_PATH})
    if request.headers.get("accept", "").startswith("text/event-stream"):
        return Response(content="sign in first", status_code=401)
    return Redirect(LOGIN_PATH)
