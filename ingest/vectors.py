"""Vectors for a batch of passages: reused from the board by content hash, or computed at once.

``sync_chunks`` asks its embedder for the passages an entry lacks, one entry at a time. Ingest
instead gathers the passages of many files, looks their hashes up on the board (a moved or
copied file costs no embedding), embeds the rest sorted by token count, and then hands
``sync_chunks`` a ``PrecomputedEmbedder`` that answers from those vectors.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.embeddings.base import SharedEmbedder
from blackboard.models import Chunk
from blackboard.models.chunk import EMBEDDING_DIM


async def stored_vectors(session: AsyncSession, hashes: Collection[str]) -> dict[str, list[float]]:
    """Vectors already on the board for any of these chunk content hashes."""
    if not hashes:
        return {}
    rows = await session.execute(
        select(Chunk.content_hash, Chunk.embedding)
        .where(Chunk.content_hash.in_(list(hashes)), Chunk.embedding.is_not(None))
        .distinct(Chunk.content_hash)
    )
    return {digest: [float(x) for x in vector] for digest, vector in rows if vector is not None}


async def embed_sorted(
    embedder: SharedEmbedder, texts: Sequence[str], per_call: int
) -> dict[str, list[float]]:
    """Embed distinct ``texts`` longest first (in the model's own tokens), ``per_call`` at a time.

    Sorting by tokens makes every model batch pad to nearly the same length (sorting by
    characters left ~7% of MiniLM's work on padding); separate calls let another ingest
    sharing the embedder take its turn in between.
    """
    unique = list(dict.fromkeys(texts))
    measured = await asyncio.to_thread(embedder.lengths, unique)  # tokenising takes a while
    lengths = dict(zip(unique, measured, strict=True))
    distinct = sorted(unique, key=lengths.__getitem__, reverse=True)
    vectors: dict[str, list[float]] = {}
    for start in range(0, len(distinct), per_call):
        part = distinct[start : start + per_call]
        vectors.update(zip(part, await embedder.embed_async(part), strict=True))
    return vectors


class _NoModel:
    """Stands in for a model that was never needed (every vector was known)."""

    def __init__(self, dim: int) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return "none"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        raise RuntimeError("a vector was asked for that was not computed ahead")


class PrecomputedEmbedder(SharedEmbedder):
    """Answers from vectors computed ahead; anything unknown goes to ``fallback``.

    Without a fallback (no model loaded because every vector was on the board already) an
    unknown text is an error rather than a silent chunk without a vector.
    """

    def __init__(
        self,
        vectors: dict[str, list[float]],
        fallback: SharedEmbedder | None = None,
        dim: int = EMBEDDING_DIM,
    ) -> None:
        if fallback is not None:
            super().__init__(fallback.inner, fallback.batch_size)
        else:
            super().__init__(_NoModel(dim))
        self.fallback = fallback
        self.vectors = vectors

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            computed = self.fallback.embed(missing) if self.fallback else self.inner.embed(missing)
            self.vectors.update(zip(missing, computed, strict=True))
        return [self.vectors[t] for t in texts]

    async def embed_async(self, texts: Sequence[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            if self.fallback is None:
                return self.embed(texts)
            computed = await self.fallback.embed_async(missing)
            self.vectors.update(zip(missing, computed, strict=True))
        return [self.vectors[t] for t in texts]
