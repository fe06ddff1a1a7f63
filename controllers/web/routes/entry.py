"""An entry: its body as safe markdown, its links and citations, the agents' decisions on it
(with people's corrections), its passages (as markdown when the entry is) and tasks."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Entry
from controllers.api.params import IdPath
from controllers.web.context import WebContext
from controllers.web.decisions import decisions_about
from controllers.web.markdown import is_markdown, render
from controllers.web.queries import chunks_of, related


async def _entry_or_404(session: AsyncSession, entry_id: int) -> Entry:
    entry = await session.get(Entry, entry_id)
    if entry is None:
        raise NotFoundException(f"no entry {entry_id}")
    return entry


@get("/entries/{entry_id:int}")
async def entry_page(
    request: Request[Any, Any, Any],
    web: NamedDependency[WebContext],
    db_session: NamedDependency[AsyncSession],
    entry_id: IdPath,
) -> Template:
    """The entry page."""
    entry = await _entry_or_404(db_session, entry_id)
    chunks = await chunks_of(db_session, entry_id)
    markdown = is_markdown(entry.meta)
    return web.page(
        request,
        "entry.html",
        entry=entry,
        body=render(entry.body),
        related=await related(db_session, entry_id),
        decisions=await decisions_about(db_session, entry_id),
        chunks=chunks,
        rendered={c.id: render(c.text) for c in chunks} if markdown else {},
    )


@get("/entries/{entry_id:int}/related")
async def entry_related(
    request: Request[Any, Any, Any],
    web: NamedDependency[WebContext],
    db_session: NamedDependency[AsyncSession],
    entry_id: IdPath,
) -> Template:
    """Only the links and tasks (refreshed live)."""
    entry = await _entry_or_404(db_session, entry_id)
    return web.page(
        request,
        "_related.html",
        entry=entry,
        related=await related(db_session, entry_id),
        decisions=await decisions_about(db_session, entry_id),
    )
