"""Embedding every soul's skills once, for matching and for "whoever fits" assignment."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.runtime import Board
from knowledge_sources.souls import Soul


async def skill_vectors(board: Board, souls: Mapping[str, Soul]) -> dict[str, list[float]]:
    """Soul name -> embedding of its ``skills_text``, with the board's embedder."""
    names = [name for name, soul in souls.items() if soul.enabled]
    embedder = await board.embedder()
    vectors = await embedder.embed_async([souls[n].skills_text for n in names])
    return dict(zip(names, vectors, strict=True))


async def entry_vector(session: AsyncSession, entry_id: int) -> list[float] | None:
    """The mean of an entry's chunk embeddings (``None`` when it has none)."""
    row = (
        await session.execute(
            text("SELECT avg(embedding)::text FROM chunks WHERE entry_id = :id"), {"id": entry_id}
        )
    ).first()
    if row is None or row[0] is None:
        return None
    return [float(x) for x in str(row[0]).strip("[]").split(",")]
