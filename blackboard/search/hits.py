"""Turning ranked chunk ids into hits: one query for just the columns a hit shows.

Not the ORM objects: a chunk row carries its 384-float embedding and an entry row its whole
body and metadata, which a hit never shows; loading them cost more than the index walk
(``bench search``: the board's path against the bare query).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Chunk, Entry
from blackboard.schemas.search import SearchHit

COLUMNS = (
    Entry.id,
    Chunk.id,
    Entry.kind,
    Entry.title,
    Entry.source_uri,
    Chunk.text,
    Chunk.heading_path,
    Chunk.start_line,
    Chunk.end_line,
)


async def hydrate(session: AsyncSession, scored: list[tuple[int, float]]) -> list[SearchHit]:
    """The hits behind ranked ``(chunk id, score)`` pairs, in their order (ids no longer
    stored are left out)."""
    if not scored:
        return []
    stmt = (
        select(*COLUMNS)
        .select_from(Chunk)
        .join(Entry, Entry.id == Chunk.entry_id)
        .where(Chunk.id.in_([chunk_id for chunk_id, _ in scored]))
    )
    rows = {row[1]: row for row in (await session.execute(stmt)).all()}
    hits: list[SearchHit] = []
    for chunk_id, score in scored:
        row = rows.get(chunk_id)
        if row is None:
            continue
        entry_id, _, kind, title, source_uri, body, heading_path, start, end = row
        hits.append(
            SearchHit(
                entry_id=entry_id,
                chunk_id=chunk_id,
                kind=kind,
                title=title,
                source_uri=source_uri,
                text=body,
                heading_path=heading_path,
                start_line=start,
                end_line=end,
                score=score,
            )
        )
    return hits
