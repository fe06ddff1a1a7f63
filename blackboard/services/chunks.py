"""Keeping an entry's chunks in step with its body, embedding only what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.chunking import Passage
from blackboard.embeddings.base import SharedEmbedder
from blackboard.models import Chunk
from blackboard.services.embedding_text import embedding_text


@dataclass
class ChunkDiff:
    """What a re-chunk did: chunks kept as they were, (re)embedded, removed."""

    kept: int = 0
    embedded: int = 0
    removed: int = 0


async def sync_chunks(
    session: AsyncSession,
    entry_id: int,
    passages: Sequence[Passage],
    embedder: SharedEmbedder | None,
) -> ChunkDiff:
    """Make the entry's chunks equal ``passages``; reuse the vector of any unchanged passage."""
    existing = list((await session.scalars(select(Chunk).where(Chunk.entry_id == entry_id))).all())
    by_hash: dict[str, list[Chunk]] = {}
    for chunk in existing:
        by_hash.setdefault(chunk.content_hash, []).append(chunk)

    diff = ChunkDiff()
    fresh: list[tuple[int, Passage]] = []
    keep_ids: set[int] = set()
    for ordinal, passage in enumerate(passages):
        reusable = by_hash.get(passage.content_hash)
        if reusable:
            chunk = reusable.pop()
            keep_ids.add(chunk.id)
            if (chunk.ordinal, chunk.start_line, chunk.end_line) != (
                ordinal,
                passage.start_line,
                passage.end_line,
            ):
                chunk.ordinal = ordinal
                chunk.start_line, chunk.end_line = passage.start_line, passage.end_line
            diff.kept += 1
        else:
            fresh.append((ordinal, passage))

    stale = [c.id for c in existing if c.id not in keep_ids]
    if stale:
        await session.execute(delete(Chunk).where(Chunk.id.in_(stale)))
        diff.removed = len(stale)

    if fresh:
        vectors: list[list[float] | None]
        if embedder is not None:
            texts = [embedding_text(p) for _, p in fresh]
            vectors = list(await embedder.embed_async(texts))
        else:
            vectors = [None] * len(fresh)
        for (ordinal, passage), vector in zip(fresh, vectors, strict=True):
            session.add(
                Chunk(
                    entry_id=entry_id,
                    ordinal=ordinal,
                    text=passage.text,
                    heading_path=passage.heading_path,
                    start_line=passage.start_line,
                    end_line=passage.end_line,
                    content_hash=passage.content_hash,
                    embedding=vector,
                )
            )
        diff.embedded = len(fresh) if embedder is not None else 0
    await session.flush()
    return diff
