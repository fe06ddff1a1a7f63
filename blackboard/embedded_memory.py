"""How much shared memory the embedded PostgreSQL gets, and applying it to its data directory.

PostgreSQL's default ``shared_buffers`` (128 MB) holds a tenth of the vector index at a million
chunks (1.1 GB as halfvec): most pages of a graph walk are then copied in from the operating
system's cache, one by one. Measured with ``bench search`` at 1M chunks on 2 cores, 4 GB of
buffers cut p95 latency at beam 100 from 19.8 to 7.3 ms (docs/benchmarks.md). The embedded
server gets an eighth of this machine's RAM, between 128 MB and 8 GB (local models want the
rest); ``GA_EMBEDDED_SHARED_BUFFERS_MB`` sets it. A server at ``DATABASE_URL`` is its owner's
to tune (docs/deploy.md).

The setting is written with ``ALTER SYSTEM`` and takes a restart, so a server this process
started with another value (a new data directory, a changed setting or machine) is restarted
once; a server that cannot start with it is started again without it, with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import psutil
import psycopg

MIB = 2**20
RAM_SHARE = 1 / 8
MIN_BYTES = 128 * MIB
MAX_BYTES = 8 * 2**30
AUTO_CONF = "postgresql.auto.conf"


def shared_buffers_bytes(configured_mb: int | None = None, ram: int | None = None) -> int:
    """``configured_mb`` if set, else an eighth of ``ram`` (this machine's) within the bounds."""
    if configured_mb:
        return configured_mb * MIB
    share = int((ram or psutil.virtual_memory().total) * RAM_SHARE)
    return max(MIN_BYTES, min(share, MAX_BYTES)) // MIB * MIB


def current_bytes(admin_uri: str) -> int:
    """The running server's ``shared_buffers`` in bytes."""
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        row = conn.execute(
            "SELECT setting::bigint * pg_size_bytes(unit) FROM pg_settings"
            " WHERE name = 'shared_buffers'"
        ).fetchone()
    return int(row[0]) if row else 0


def write_setting(admin_uri: str, wanted: int) -> None:
    """``ALTER SYSTEM SET shared_buffers`` (read at the next start)."""
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{wanted // MIB}MB'")


def forget_setting(pgdata: Path) -> None:
    """Remove ``shared_buffers`` from the data directory's ``ALTER SYSTEM`` file (the server
    is down: it could not start with it)."""
    path = pgdata / AUTO_CONF
    if path.exists():
        kept = [
            line
            for line in path.read_text().splitlines()
            if not re.match(r"\s*shared_buffers\s*=", line)
        ]
        path.write_text("\n".join(kept) + "\n")
