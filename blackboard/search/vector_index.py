"""The HNSW index on ``chunks.embedding``: built with enough memory, and after a large load.

pgvector builds the graph in ``maintenance_work_mem``; once the graph no longer fits it goes on
inserting element by element on disk, many times slower (the 42-minute build at 1M chunks with
1 GB). ``build_memory_bytes`` sizes the memory to the chunks (about 1.8 kB each at 384
dimensions as halfvec, m = 16), capped at a quarter of this machine's RAM.

Inserting a million rows one by one into the index costs far more than building it once, so a
bulk load (first ingest, ``ingest deps``, ``db reembed``) that will write many chunks runs
inside ``deferred_vector_index``: the index is dropped first and built after, with a progress
callback fed from ``pg_stat_progress_create_index``. Every such run ends with ``CREATE INDEX
IF NOT EXISTS``, so a run that died with the index dropped is healed by the next one; while it
is missing, vector search is an exact scan: slower, still correct.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import psutil
from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.schema import CreateIndex

from blackboard.models import Chunk
from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.settings import BoardSettings

logger = logging.getLogger(__name__)

INDEX_NAME = "ix_chunks_embedding_hnsw"
HNSW_M = 16
GRAPH_BYTES_PER_NEIGHBOUR = 16
ELEMENT_OVERHEAD_BYTES = 160
"""pgvector's in-memory element: the vector, 2m layer-0 neighbours (candidate pointer and
distance) and the element's bookkeeping; measured builds stay within this estimate."""
MEMORY_MARGIN = 1.25
MIN_BUILD_BYTES = 64 * 2**20
RAM_SHARE = 0.25
POLL_S = 0.5

BuildProgress = Callable[[int, int], None]
"""Called with (chunks indexed, chunks in all) while the index is built."""


def index_ddl() -> str:
    """``CREATE INDEX IF NOT EXISTS`` for the HNSW index, as the model declares it."""
    table = Chunk.metadata.tables[Chunk.__tablename__]
    index = next(i for i in table.indexes if i.name == INDEX_NAME)
    ddl = CreateIndex(index, if_not_exists=True)
    return str(ddl.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]


def build_memory_bytes(
    rows: int, dim: int = EMBEDDING_DIM, bytes_per_value: int = 2, ram: int | None = None
) -> int:
    """``maintenance_work_mem`` that holds the whole graph of ``rows`` vectors (halfvec: 2
    bytes a value; 4 for vector), capped at a quarter of ``ram`` (this machine's by default)
    and at least 64 MiB."""
    element = dim * bytes_per_value + 2 * HNSW_M * GRAPH_BYTES_PER_NEIGHBOUR
    need = int(rows * (element + ELEMENT_OVERHEAD_BYTES) * MEMORY_MARGIN)
    cap = int((ram or psutil.virtual_memory().total) * RAM_SHARE)
    return max(MIN_BUILD_BYTES, min(need, cap))


async def chunk_count(engine: AsyncEngine) -> int:
    """How many chunks the board holds."""
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count(Chunk.id)))).scalar_one())


async def build_vector_index(
    engine: AsyncEngine, memory_bytes: int | None = None, progress: BuildProgress | None = None
) -> None:
    """Create the index if it is missing (a no-op when present), with sized memory."""
    started = time.perf_counter()
    async with engine.connect() as conn:
        exists = await conn.scalar(
            text("SELECT to_regclass(:name) IS NOT NULL"), {"name": INDEX_NAME}
        )
        if exists:
            return
        rows = int(await conn.scalar(select(func.count(Chunk.id))) or 0)
        memory = memory_bytes or build_memory_bytes(rows)
        logger.info(
            "building the vector index over %d chunks (maintenance_work_mem %d MB)",
            rows,
            memory // 2**20,
        )
        pid = await conn.scalar(text("SELECT pg_backend_pid()"))
        await conn.execute(  # for this transaction only: the connection goes back to the pool
            text("SELECT set_config('maintenance_work_mem', :memory, true)"),
            {"memory": f"{memory // 1024}kB"},
        )
        build = asyncio.ensure_future(conn.execute(text(index_ddl())))
        while not build.done():
            await asyncio.wait({build}, timeout=POLL_S)
            if progress is not None and not build.done():
                progress(await _tuples_done(engine, int(pid or 0)), rows)
        await build
        await conn.commit()
    if progress is not None:
        progress(rows, rows)
    seconds = time.perf_counter() - started
    logger.info("vector index built over %d chunks in %.1f s", rows, seconds)


async def _tuples_done(engine: AsyncEngine, pid: int) -> int:
    async with engine.connect() as conn:
        done = await conn.scalar(
            text("SELECT tuples_done FROM pg_stat_progress_create_index WHERE pid = :pid"),
            {"pid": pid},
        )
    return int(done or 0)


async def should_defer(engine: AsyncEngine, expected_rows: int, min_rows: int) -> bool:
    """A load of ``expected_rows`` chunks is worth a rebuild: at least ``min_rows`` and at
    least as many as the board holds (0 never defers)."""
    if min_rows <= 0 or expected_rows < min_rows:
        return False
    return expected_rows >= await chunk_count(engine)


def configured_memory(settings: BoardSettings) -> int | None:
    """``GA_VECTOR_INDEX_BUILD_MEMORY_MB`` in bytes, or ``None`` to size it to the chunks."""
    mb = settings.vector_index_build_memory_mb
    return mb * 2**20 if mb else None


@asynccontextmanager
async def deferred_vector_index(
    engine: AsyncEngine,
    settings: BoardSettings,
    expected_rows: int,
    progress: BuildProgress | None = None,
) -> AsyncIterator[bool]:
    """Run a bulk load with the index dropped when it is large enough (yields whether it
    was; ``GA_VECTOR_INDEX_DEFER_ROWS``), then build the index; it is built (if missing)
    whatever the load did."""
    deferred = await should_defer(engine, expected_rows, settings.vector_index_defer_rows)
    if deferred:
        logger.info(
            "bulk load of about %d chunks: the vector index is dropped now and built after",
            expected_rows,
        )
        async with engine.begin() as conn:
            await conn.execute(text(f"DROP INDEX IF EXISTS {INDEX_NAME}"))
    try:
        yield deferred
    finally:
        await build_vector_index(engine, configured_memory(settings), progress)
