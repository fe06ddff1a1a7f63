"""Bearer-token guard for the JSON API: all but /health, the signed webhooks and the web view.

A client that presents wrong tokens too often is refused with 429 for a while (``FailureThrottle``).
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from controllers.api.throttle import FailureThrottle

PUBLIC_PATHS = ("^/health$", "^/gitea/webhook$", "^/telegram/webhook/", "^/$", "^/ui(/|$)")
"""The web view (``/``, ``/ui``) has its own guard: a signed-in session (controllers/web)."""

_PUBLIC = re.compile("|".join(PUBLIC_PATHS))


def client_of(scope: Scope) -> str:
    """The key a client is throttled by: its address as the server sees it."""
    client = scope.get("client")
    return client[0] if client else "unknown"


def is_public(scope: Scope) -> bool:
    """Whether the *request* path is public (matched on the path, never the handler's)."""
    return _PUBLIC.search(scope["path"]) is not None


class BearerTokenMiddleware(ASGIMiddleware):
    """Rejects requests without ``Authorization: Bearer <GA_API_TOKEN>`` with 401.

    Wrong tokens count against the client in ``throttle``; a throttled client gets 429. On
    ``session_paths`` a request without the header passes when ``signed_in`` says its session
    (loaded by the session middleware, which must run first) has someone signed in.
    """

    scopes = (ScopeType.HTTP,)
    should_bypass_for_scope = staticmethod(is_public)

    def __init__(
        self,
        token: Callable[[], str],
        throttle: FailureThrottle,
        session_paths: str = "(?!)",
        signed_in: Callable[[Scope], bool] = lambda _scope: False,
    ) -> None:
        self._token_source = token
        self._token: bytes | None = None
        self._throttle = throttle
        self._session_paths = re.compile(session_paths)
        self._signed_in = signed_in

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        header = Headers.from_scope(scope).get("authorization", "")
        scheme, _, presented = header.partition(" ")
        if not header and self._session_paths.search(scope["path"]) and self._signed_in(scope):
            await next_app(scope, receive, send)
            return
        if scheme.lower() != "bearer" or not presented:
            raise NotAuthorizedException(
                "missing bearer token", headers={"WWW-Authenticate": "Bearer"}
            )
        client = client_of(scope)
        self._throttle.check(client)
        if self._token is None:
            self._token = self._token_source().encode()
        if not hmac.compare_digest(presented.strip().encode(), self._token):
            self._throttle.failed(client)
            raise NotAuthorizedException(
                "wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
            )
        await next_app(scope, receive, send)
