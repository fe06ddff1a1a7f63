"""The HNSW beam (``hnsw.ef_search``) for one vector query: sized to the candidates asked for,
the filter, and the board's size.

A graph walk with a fixed beam finds less of the true top k as the graph grows. Measured with
``bench search`` at 1,000,000 chunks (docs/benchmarks.md, graph built with ef_construction 128):
a beam of 100 found 0.985 of the exact top 10 (p95 7.6 ms), 200 found 0.9995 (13.4 ms), and
at 100,000 chunks 100 already finds 0.999. So the beam grows with the square root of the chunks
over ``REFERENCE_ROWS`` (x 1.6 at 1M, x 3.2 at 4M), up to pgvector's ceiling of 1000. The
board's size is PostgreSQL's own estimate (``reltuples``, kept by autovacuum and ``ANALYZE``):
no count per query.
"""

from __future__ import annotations

import math

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

EF_SEARCH = 100
EF_SEARCH_FILTERED = 200
"""A filter rejects most of what the graph walk finds first; a wider beam keeps recall up."""
EF_PER_CANDIDATE = 2
EF_PER_CANDIDATE_FILTERED = 4
EF_SEARCH_MAX = 1000
"""The beam grows with the candidates asked for (pgvector's ceiling is 1000); with the
iterative scan, a filter that rejects even more keeps the walk going past the beam."""
REFERENCE_ROWS = 400_000
"""Up to this many chunks the beam is the one for the candidates alone."""


def ef_search(depth: int, filtered: bool, rows: int = 0) -> int:
    """The beam for ``depth`` candidates on a board of about ``rows`` chunks."""
    if filtered:
        base = max(EF_SEARCH_FILTERED, EF_PER_CANDIDATE_FILTERED * depth)
    else:
        base = max(EF_SEARCH, EF_PER_CANDIDATE * depth)
    growth = math.sqrt(max(1.0, rows / REFERENCE_ROWS))
    return min(math.ceil(base * growth), EF_SEARCH_MAX)


async def estimated_chunks(session: AsyncSession) -> int:
    """PostgreSQL's estimate of the chunks table's rows (0 before its first ``ANALYZE``)."""
    found = await session.scalar(
        text("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'chunks'::regclass")
    )
    return int(found or 0)
