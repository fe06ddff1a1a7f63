"""Security headers on every response of the web view (``/`` and ``/ui``).

The pages load only their own scripts and styles (no inline script, no ``eval``), may not be
framed by any site, and send no referrer to other sites.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def _not_web_view(scope: Scope) -> bool:
    path = scope["path"]
    return not (path == "/" or path == "/ui" or path.startswith("/ui/"))


class SecurityHeadersMiddleware(ASGIMiddleware):
    """Adds ``SECURITY_HEADERS`` to each web view response (the JSON API is left alone)."""

    scopes = (ScopeType.HTTP,)
    should_bypass_for_scope = staticmethod(_not_web_view)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await next_app(scope, receive, send_with_headers)
