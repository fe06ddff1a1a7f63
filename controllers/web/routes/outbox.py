"""The outbox: what the platform wrote or will write outside, and every refusal and failure with
its reason (a Telegram answer that could not be sent after its retries shows up here)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from controllers.web.context import WebContext
from controllers.web.queries import OUTBOX_GROUPS, outbox_actions


@get("/outbox")
async def outbox_page(
    request: Request[Any, Any, Any],
    web: NamedDependency[WebContext],
    db_session: NamedDependency[AsyncSession],
    status: FromQuery[str] = "",
) -> Template:
    """Refused and failed actions first (with their reasons), then open ones, then done ones."""
    groups = {
        name: await outbox_actions(db_session, statuses)
        for name, statuses in OUTBOX_GROUPS.items()
        if not status or status in statuses
    }
    return web.page(request, "outbox.html", groups=groups, status=status)
