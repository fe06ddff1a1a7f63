"""Re-embedding every stored chunk with the board's current model (after a model change).

Chunks are read in id order in batches, embedded as ingest embeds them (``embedding_text``),
and written back batch by batch, each batch in its own transaction, so an interrupted run
keeps what it finished and a rerun simply does it all again. Every vector changes, so on a
board of ``GA_VECTOR_INDEX_DEFER_ROWS`` chunks or more the HNSW index is dropped first and
built once at the end (``blackboard.search.vector_index``), not updated row by row.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, update

from blackboard.chunking import Passage
from blackboard.embeddings.base import SharedEmbedder
from blackboard.models import Chunk
from blackboard.runtime import Board
from blackboard.search.vector_index import BuildProgress, chunk_count, deferred_vector_index
from blackboard.services.embedding_text import embedding_text

BATCH = 256

Progress = Callable[[int, int], None]
"""Called with (chunks done, chunks in all) after each batch."""


async def reembed_all(
    board: Board,
    embedder: SharedEmbedder,
    progress: Progress | None = None,
    batch: int = BATCH,
    index_progress: BuildProgress | None = None,
) -> int:
    """Embed every chunk again with ``embedder``; return how many were written."""
    total = await chunk_count(board.engine)
    async with deferred_vector_index(board.engine, board.settings, total, index_progress):
        return await _reembed(board, embedder, total, progress, batch)


async def _reembed(
    board: Board, embedder: SharedEmbedder, total: int, progress: Progress | None, batch: int
) -> int:
    done, last_id = 0, 0
    if progress:
        progress(done, total)
    while True:
        async with board.sessions() as session, session.begin():
            rows = (
                await session.execute(
                    select(Chunk.id, Chunk.heading_path, Chunk.text)
                    .where(Chunk.id > last_id)
                    .order_by(Chunk.id)
                    .limit(batch)
                )
            ).all()
            if not rows:
                return done
            texts = [embedding_text(Passage(text, path, 0, 0)) for _, path, text in rows]
            vectors = await embedder.embed_async(texts)
            await session.execute(
                update(Chunk),  # bulk UPDATE by primary key
                [
                    {"id": chunk_id, "embedding": vector}
                    for (chunk_id, _, _), vector in zip(rows, vectors, strict=True)
                ],
            )
        done += len(rows)
        last_id = rows[-1][0]
        if progress:
            progress(min(done, total), max(total, done))
