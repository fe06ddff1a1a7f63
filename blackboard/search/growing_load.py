"""The vector index around a load whose size is not known up front (a Gitea sync).

``ingest`` and ``db reembed`` know how many chunks they will write before they start, so they
decide once (``deferred_vector_index``). A sync learns what Gitea holds as it goes, so it runs
inside ``growing_load``: the load calls ``await watch.wrote()`` after each entry it writes, and
every ``CHECK_EVERY`` writes the watch counts the chunks added since the load began (ids above
the largest one at the start, an index range scan). Once that count reaches
``GA_VECTOR_INDEX_DEFER_ROWS`` and as many chunks as the board held, the index is dropped: the
rest of the load inserts without it, and the index is built once at the end with sized memory
and the progress callback. A first sync of a large organisation so pays the index for at most
as many chunks as the board already held; a routine sync, which writes little, never drops it.
Like every bulk load, it ends with ``CREATE INDEX IF NOT EXISTS``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from blackboard.models import Chunk
from blackboard.search.vector_index import (
    INDEX_NAME,
    BuildProgress,
    build_vector_index,
    configured_memory,
)
from blackboard.settings import BoardSettings

logger = logging.getLogger(__name__)
CHECK_EVERY = 50
"""Entry writes between two counts of the chunks added."""


@dataclass
class GrowthWatch:
    """Counts a load's new chunks now and then; drops the index once they are many."""

    engine: AsyncEngine
    min_rows: int
    held_before: int
    last_id_before: int
    writes: int = 0
    added: int = 0
    dropped: bool = False
    build_seconds: float | None = None

    async def wrote(self) -> None:
        """Call after each entry the load wrote (created or changed)."""
        self.writes += 1
        if self.dropped or self.min_rows <= 0 or self.writes % CHECK_EVERY:
            return
        self.added = await self._added()
        if self.added >= max(self.min_rows, self.held_before):
            logger.info(
                "bulk load: %d chunks written (the board held %d): the vector index is "
                "dropped now and built at the end",
                self.added,
                self.held_before,
            )
            async with self.engine.begin() as conn:
                await conn.execute(text(f"DROP INDEX IF EXISTS {INDEX_NAME}"))
            self.dropped = True

    async def _added(self) -> int:
        async with self.engine.connect() as conn:
            count = await conn.scalar(
                select(func.count(Chunk.id)).where(Chunk.id > self.last_id_before)
            )
        return int(count or 0)


@asynccontextmanager
async def growing_load(
    engine: AsyncEngine, settings: BoardSettings, progress: BuildProgress | None = None
) -> AsyncIterator[GrowthWatch]:
    """Run a load of unknown size; the index is dropped once it has grown large (see the
    module), and built at the end if it is missing, whatever the load did."""
    async with engine.connect() as conn:
        held, last_id = (
            await conn.execute(select(func.count(Chunk.id), func.coalesce(func.max(Chunk.id), 0)))
        ).one()
    watch = GrowthWatch(engine, settings.vector_index_defer_rows, int(held), int(last_id))
    try:
        yield watch
    finally:
        started = time.perf_counter()
        await build_vector_index(engine, configured_memory(settings), progress)
        if watch.dropped:
            watch.build_seconds = time.perf_counter() - started
