"""Bearer-token guard for the JSON API: all but /health, the signed webhooks and the web view."""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

PUBLIC_PATHS = ("^/health$", "^/gitea/webhook$", "^/telegram/webhook/", "^/$", "^/ui(/|$)")
"""The web view (``/``, ``/ui``) has its own guard: a signed-in session (controllers/web)."""

_PUBLIC = re.compile("|".join(PUBLIC_PATHS))


def is_public(scope: Scope) -> bool:
    """Whether the *request* path is public (matched on the path, never the handler's)."""
    return _PUBLIC.search(scope["path"]) is not None


class BearerTokenMiddleware(ASGIMiddleware):
    """Rejects requests without ``Authorization: Bearer <GA_API_TOKEN>`` with 401."""

    scopes = (ScopeType.HTTP,)
    should_bypass_for_scope = staticmethod(is_public)

    def __init__(self, token: Callable[[], str]) -> None:
        self._token_source = token
        self._token: bytes | None = None

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        header = Headers.from_scope(scope).get("authorization", "")
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented:
            raise NotAuthorizedException(
                "missing bearer token", headers={"WWW-Authenticate": "Bearer"}
            )
        if self._token is None:
            self._token = self._token_source().encode()
        if not hmac.compare_digest(presented.strip().encode(), self._token):
            raise NotAuthorizedException(
                "wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
            )
        await next_app(scope, receive, send)
