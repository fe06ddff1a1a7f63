"""What the pages show, read from the board: filtered entries, an entry with its links and
chunks, each agent's queue, and the outbox's actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.embeddings.base import SharedEmbedder
from blackboard.models import Action, Chunk, Entry, Link, Task
from blackboard.models.vocabulary import LinkKind, TaskStatus
from blackboard.schemas.search import SearchHit, SearchRequest
from blackboard.search import search

PAGE = 100


@dataclass(frozen=True)
class BoardFilter:
    """The board page's filters (empty = no condition)."""

    kind: str = ""
    status: str = ""
    agent: str = ""
    q: str = ""


PASSAGES_PER_ENTRY = 2
"""How many matching passages the board page shows under each search result."""


@dataclass(frozen=True)
class BoardRows:
    """The entries a board page lists and, for a search, the passages that matched in each."""

    entries: list[Entry]
    passages: dict[int, list[SearchHit]] = field(default_factory=dict)


async def list_entries(
    session: AsyncSession, filters: BoardFilter, embedder: SharedEmbedder | None
) -> BoardRows:
    """Newest first; with a query, in hybrid-search order with the best passages of each."""
    conditions: list[ColumnElement[bool]] = []
    if filters.kind:
        conditions.append(Entry.kind == filters.kind)
    if filters.status:
        conditions.append(Entry.status == filters.status)
    if filters.agent:
        tasked = select(Task.entry_id).where(Task.agent == filters.agent)
        conditions.append(or_(Entry.author == filters.agent, Entry.id.in_(tasked)))
    if not filters.q.strip():
        rows = await session.scalars(
            select(Entry).where(*conditions).order_by(Entry.id.desc()).limit(PAGE)
        )
        return BoardRows(list(rows.all()))
    hits = await search(
        session,
        SearchRequest(
            query=filters.q,
            k=PAGE,
            kinds=[filters.kind] if filters.kind else [],
            statuses=[filters.status] if filters.status else [],
        ),
        embedder,
    )
    passages: dict[int, list[SearchHit]] = {}
    for hit in hits:
        best = passages.setdefault(hit.entry_id, [])
        if len(best) < PASSAGES_PER_ENTRY:
            best.append(hit)
    if not passages:
        return BoardRows([])
    found = {
        e.id: e
        for e in (await session.scalars(select(Entry).where(Entry.id.in_(passages), *conditions)))
    }
    order = [i for i in passages if i in found]
    return BoardRows([found[i] for i in order], {i: passages[i] for i in order})


async def agents_by_entry(session: AsyncSession, entry_ids: Sequence[int]) -> dict[int, list[str]]:
    """The agents with a task on each entry."""
    if not entry_ids:
        return {}
    rows = await session.execute(
        select(Task.entry_id, Task.agent).where(Task.entry_id.in_(list(entry_ids))).distinct()
    )
    out: dict[int, list[str]] = {}
    for entry_id, agent in rows.all():
        if entry_id is not None:
            out.setdefault(int(entry_id), []).append(str(agent))
    return out


@dataclass
class Related:
    """An entry's links, split for the page, with the entries at their other ends."""

    citations: list[Link] = field(default_factory=list)
    outgoing: list[Link] = field(default_factory=list)
    incoming: list[Link] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)


async def related(session: AsyncSession, entry_id: int) -> Related:
    """Links from and to the entry, and its tasks."""
    links = list(
        (
            await session.scalars(
                select(Link)
                .where(or_(Link.source_id == entry_id, Link.target_id == entry_id))
                .order_by(Link.id)
            )
        ).all()
    )
    out = Related()
    for link in links:
        if link.source_id == entry_id and link.kind == LinkKind.CITES:
            out.citations.append(link)
        elif link.source_id == entry_id:
            out.outgoing.append(link)
        else:
            out.incoming.append(link)
    ends = {lk.target_id for lk in links} | {lk.source_id for lk in links}
    if ends:
        rows = await session.execute(select(Entry.id, Entry.title).where(Entry.id.in_(ends)))
        out.titles = {int(i): str(t) for i, t in rows.all()}
    out.tasks = list(
        await session.scalars(select(Task).where(Task.entry_id == entry_id).order_by(Task.id))
    )
    return out


async def chunks_of(session: AsyncSession, entry_id: int) -> list[Chunk]:
    """The entry's passages in order (citations point at them)."""
    rows = await session.scalars(
        select(Chunk).where(Chunk.entry_id == entry_id).order_by(Chunk.ordinal, Chunk.id)
    )
    return list(rows.all())


QUEUE_STATES = {
    "pending": (TaskStatus.PENDING, TaskStatus.QUEUED),
    "active": (TaskStatus.ACTIVE,),
    "done": (TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.CANCELLED),
}


async def queue_of(
    session: AsyncSession, agent: str, done_limit: int = 10
) -> dict[str, list[Task]]:
    """The agent's tasks: waiting (most urgent first), running, and the latest finished."""
    out: dict[str, list[Task]] = {}
    for name, states in QUEUE_STATES.items():
        query = select(Task).where(Task.agent == agent, Task.status.in_(states))
        if name == "done":
            query = query.order_by(Task.updated_at.desc()).limit(done_limit)
        else:
            query = query.order_by(Task.priority.desc(), Task.id).limit(PAGE)
        out[name] = list((await session.scalars(query)).all())
    return out


async def entry_titles(session: AsyncSession, ids: Sequence[int | None]) -> dict[int, str]:
    """Titles for the given entry ids."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await session.execute(select(Entry.id, Entry.title).where(Entry.id.in_(wanted)))
    return {int(i): str(t) for i, t in rows.all()}


OUTBOX_GROUPS = {
    "problems": ("failed", "refused"),
    "open": ("pending", "in_progress"),
    "done": ("done",),
}
"""The outbox page's sections and the action statuses in each."""


async def outbox_actions(
    session: AsyncSession, statuses: Sequence[str], limit: int = PAGE
) -> list[Action]:
    """The latest actions in ``statuses``, newest first."""
    rows = await session.scalars(
        select(Action)
        .where(Action.status.in_(list(statuses)))
        .order_by(Action.updated_at.desc(), Action.id.desc())
        .limit(limit)
    )
    return list(rows.all())
