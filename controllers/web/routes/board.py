"""The board: entries by kind, status and agent, filters and search, and the post form."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from controllers.web.auth import signed_in_user
from controllers.web.context import WebContext
from controllers.web.queries import BoardFilter, BoardRows, agents_by_entry, list_entries

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


async def _table(session: AsyncSession, board: Board, filters: BoardFilter) -> dict[str, Any]:
    """What the table shows: the entries the filters select (with a search's passages), and
    the agents working on each."""
    rows: BoardRows = await list_entries(
        session, filters, await board.embedder() if filters.q else None
    )
    assigned = await agents_by_entry(session, [e.id for e in rows.entries])
    return {"entries": rows.entries, "passages": rows.passages, "assigned": assigned}


@get("/")
async def board_page(
    request: Request[Any, Any, Any],
    web: NamedDependency[WebContext],
    db_session: NamedDependency[AsyncSession],
    board: NamedDependency[Board],
    kind: FromQuery[str] = "",
    status: FromQuery[str] = "",
    agent: FromQuery[str] = "",
    q: FromQuery[str] = "",
) -> Template:
    """The whole page; the table below it refreshes itself on board events."""
    filters = BoardFilter(kind, status, agent, q)
    table = await _table(db_session, board, filters)
    return web.page(request, "board.html", filters=filters, posted=None, **table)


@get("/entries")
async def entries_table(
    request: Request[Any, Any, Any],
    web: NamedDependency[WebContext],
    db_session: NamedDependency[AsyncSession],
    board: NamedDependency[Board],
    kind: FromQuery[str] = "",
    status: FromQuery[str] = "",
    agent: FromQuery[str] = "",
    q: FromQuery[str] = "",
) -> Template:
    """Only the table (what htmx swaps in)."""
    filters = BoardFilter(kind, status, agent, q)
    table = await _table(db_session, board, filters)
    return web.page(request, "_entries.html", **table)


@post("/post", status_code=200)
async def post_entry(
    request: Request[Any, Any, Any],
    web: NamedDependency[WebContext],
    board: NamedDependency[Board],
    data: Form,
) -> Template | Redirect:
    """Post a goal or question; the board shows it through its live update."""
    kind = data.get("kind", EntryKind.QUESTION)
    meta: dict[str, Any] = {"web": True}
    if data.get("repo", "").strip():
        meta["repo"] = data["repo"].strip()
    try:
        if kind not in (EntryKind.GOAL, EntryKind.QUESTION):
            raise ValueError("kind must be goal or question")
        entry_in = EntryIn(
            kind=kind,
            title=data.get("title", "").strip(),
            body=data.get("body", "").strip(),
            author=f"web:{signed_in_user(request) or 'unknown'}",
            meta=meta,
        )
    except (ValidationError, ValueError) as exc:
        message = (
            "Give a title (1-500 characters)." if isinstance(exc, ValidationError) else str(exc)
        )
        template = web.page(request, "_posted.html", entry=None, error=message)
        template.status_code = 422 if request.headers.get("hx-request") else 200
        return template
    async with board.sessions() as session:
        entry = await EntryService(session, await board.embedder()).create(entry_in)
    if request.headers.get("hx-request"):
        return web.page(request, "_posted.html", entry=entry, error=None)
    return Redirect(f"/ui/entries/{entry.id}")
