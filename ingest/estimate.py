"""How many chunks a run will write, roughly, before it starts: bytes over the chunk size.

Only the bulk-load decision uses it (``blackboard.search.vector_index``: drop the HNSW index
and build it after a load at least as large as the board); a token is about four bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.sources.deps import InstalledDist, description
from ingest.walk import WalkResult

BYTES_PER_TOKEN = 4


def chunks_for_bytes(size: int, chunk_tokens: int) -> int:
    """About how many chunks ``size`` bytes of text make at ``chunk_tokens`` a chunk."""
    return -(-size // (chunk_tokens * BYTES_PER_TOKEN))


def walked_bytes(walks: Iterable[WalkResult]) -> int:
    """The size of every file the walks found (a file gone since counts nothing)."""
    total = 0
    for found in (f for w in walks for f in w.files):
        try:
            total += found.path.stat().st_size
        except OSError:
            continue
    return total


def description_bytes(dists: Iterable[InstalledDist]) -> int:
    """The size of the distributions' long descriptions."""
    return sum(len(description(d.metadata).encode("utf-8", "surrogatepass")) for d in dists)
