"""``bench search``'s index variants, built and queried side by side on the same chunks.

- ``baseline``: the index and settings the board had before migration 0006 (HNSW over
  ``vector``, ``maintenance_work_mem`` 1 GB, beam 100, 200 filtered): the reference every run
  reports beside the board's.
- ``vector``: the same index with the memory sized to the chunks and the board's beam: what
  sizing alone changes.
- ``board``: the board's index as ``blackboard.search.vector_index`` builds it: the graph over
  ``embedding::halfvec(384)`` (an expression index; the column stays ``vector``), half the
  bytes per vector, memory sized to that, queried with the board's beam for its size
  (``search.beam.ef_search``).

``with_beam`` queries a built index at another beam (``bench search --beam``): the recall
and latency a wider or narrower walk gives on the same graph.

Each variant's build is timed and its peak memory taken as the growth of the database
server's resident memory (all its processes, sampled every 0.1 s) over what it held before.
Queries go through one plain psycopg harness for all variants (the same SQL shape as the
board's vector leg), so the variants differ only by index and beam.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import psutil
import psycopg
from numpy.typing import NDArray
from pgvector.psycopg import register_vector

from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.search.beam import ef_search
from blackboard.search.hybrid import MAX_SCAN_TUPLES
from blackboard.search.vector_index import INDEX_NAME, build_memory_bytes, index_ddl
from controllers.bench.stats import percentile_ms

K = 10
BASELINE_MEMORY = 2**30
HALFVEC = f"halfvec({EMBEDDING_DIM})"


@dataclass(frozen=True)
class Variant:
    """One index and the beam its queries use."""

    name: str
    ddl: str
    memory_bytes: int
    distance: str
    """The SQL the query orders by (``%s`` is the probe)."""
    beam: Callable[[bool], int]


def variants(rows: int) -> list[Variant]:
    """baseline, vector, board: the board's last, so the scratch board ends as shipped."""
    vector_ddl = (
        f"CREATE INDEX {INDEX_NAME} ON chunks USING hnsw (embedding vector_cosine_ops) "
        "WITH (m = 16, ef_construction = 64)"
    )
    board_beam: Callable[[bool], int] = lambda filtered: ef_search(K, filtered, rows)  # noqa: E731
    return [
        Variant(
            "baseline",
            vector_ddl,
            BASELINE_MEMORY,
            "c.embedding <=> %s",
            lambda filtered: 200 if filtered else 100,
        ),
        Variant(
            "vector",
            vector_ddl,
            build_memory_bytes(rows, bytes_per_value=4),
            "c.embedding <=> %s",
            board_beam,
        ),
        Variant(
            "board",
            index_ddl(),
            build_memory_bytes(rows),
            f"(c.embedding::{HALFVEC}) <=> %s::{HALFVEC}",
            board_beam,
        ),
    ]


def with_beam(variant: Variant, beam: int) -> Variant:
    """``variant`` queried with a fixed beam (twice that under the filter), for a sweep."""
    return Variant(
        f"{variant.name} @ beam {beam}",
        variant.ddl,
        variant.memory_bytes,
        variant.distance,
        lambda filtered: min(2 * beam if filtered else beam, 1000),
    )


def variant_names() -> list[str]:
    """The variants ``bench search --variants`` accepts, in the order they run."""
    return [v.name for v in variants(1)]


def chosen_variants(rows: int, only: Sequence[str]) -> list[Variant]:
    """The variants named in ``only`` (all when empty) plus the board's, in run order."""
    unknown = sorted(set(only) - set(variant_names()))
    if unknown:
        raise ValueError(f"unknown index variant(s) {unknown}; known: {variant_names()}")
    wanted = set(only) | {"board"} if only else set(variant_names())
    return [v for v in variants(rows) if v.name in wanted]


def build(uri: str, variant: Variant) -> dict[str, Any]:
    """Drop whatever index is there, build ``variant``'s: seconds, peak memory, size."""
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
        pid = int(conn.execute("SELECT pg_backend_pid()").fetchone()[0])  # type: ignore[index]
        conn.execute(f"SET maintenance_work_mem = '{variant.memory_bytes // 1024}kB'")
        with PeakMemory(pid) as peak:
            started = time.perf_counter()
            conn.execute(variant.ddl)
            seconds = time.perf_counter() - started
        size = conn.execute("SELECT pg_relation_size(%s)", (INDEX_NAME,)).fetchone()
        conn.execute("ANALYZE chunks")
    return {
        "index_build_s": round(seconds, 1),
        "index_peak_mb": peak.growth_mb,
        "index_size_mb": round(int(size[0]) / 2**20, 1) if size else None,
        "maintenance_work_mem_mb": variant.memory_bytes // 2**20,
    }


class PeakMemory:
    """The database server's resident memory growth while the block runs (MiB, or ``None``
    when the server's processes cannot be read: a server on another machine)."""

    def __init__(self, backend_pid: int) -> None:
        self._stop = threading.Event()
        self._peak = 0
        self._base = 0
        self._server: psutil.Process | None = None
        try:
            self._server = psutil.Process(backend_pid).parent()
        except psutil.Error:
            self._server = None
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._base = self._rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self) -> float | None:
        if self._server is None:
            return None
        return round(max(0, self._peak - self._base) / 2**20, 1)

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self._peak = max(self._peak, self._rss())

    def _rss(self) -> int:
        if self._server is None:
            return 0
        total = 0
        for proc in [self._server, *self._server.children()]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        return total


def measure(
    uri: str, variant: Variant, probes: NDArray[np.float32], tag: str
) -> dict[str, list[Any]]:
    """Each probe's top-10 chunk ids and latency, unfiltered (``ids``, ``lat``) and filtered
    to ``tag`` (``f_ids``, ``f_lat``); a first unfiltered pass warms the caches."""
    with psycopg.connect(uri, prepare_threshold=None) as conn:
        register_vector(conn)
        _pass(conn, variant, probes, None)
        ids, lat = _pass(conn, variant, probes, None)
        f_ids, f_lat = _pass(conn, variant, probes, tag)
    return {"ids": ids, "lat": lat, "f_ids": f_ids, "f_lat": f_lat}


def _pass(
    conn: psycopg.Connection[Any], variant: Variant, probes: NDArray[np.float32], tag: str | None
) -> tuple[list[list[int]], list[float]]:
    where = "AND e.tags && ARRAY[%s]::varchar[]" if tag else ""
    sql = (  # built from this module's constants only; the probe and tag are parameters
        f"WITH nearest AS MATERIALIZED (SELECT c.id, {variant.distance} AS d "  # noqa: S608
        "FROM chunks c JOIN entries e ON e.id = c.entry_id "
        f"WHERE c.embedding IS NOT NULL AND e.status <> 'gone' {where} "
        "ORDER BY d LIMIT %s) SELECT id FROM nearest ORDER BY d"
    )
    found: list[list[int]] = []
    latencies: list[float] = []
    for probe in probes:
        started = time.perf_counter()
        conn.execute(
            "SELECT set_config('hnsw.ef_search', %s, true),"
            " set_config('hnsw.iterative_scan', 'relaxed_order', true),"
            " set_config('hnsw.max_scan_tuples', %s, true)",
            (str(variant.beam(tag is not None)), str(MAX_SCAN_TUPLES)),
        )
        params: tuple[Any, ...] = (probe, tag, K) if tag else (probe, K)
        rows = conn.execute(sql, params).fetchall()
        latencies.append(time.perf_counter() - started)
        conn.rollback()
        found.append([int(r[0]) for r in rows])
    return found, latencies


def latency(samples: list[float]) -> dict[str, float]:
    """p50 and p95 in ms."""
    return {"p50_ms": percentile_ms(samples, 50), "p95_ms": percentile_ms(samples, 95)}
