"""``bench search``: HNSW recall@10 against an exact scan, query latency, and what building
the index costs, on n chunks.

Loads ``n`` clustered 384-d vectors (binary COPY) into a scratch board, then builds and queries
each index variant in turn (``index_variants``: the old baseline, vector sized, the board's),
timing each build and its peak memory. On the board's index it then runs the board's real
search path (``blackboard.search``) in vector mode: unfiltered, and filtered to a tag that 10%
of the entries carry. Recall is measured against brute-force cosine top-10 computed with numpy
over the same vectors.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import psycopg
from numpy.typing import NDArray
from pgvector.psycopg import register_vector
from rich.progress import Progress

from blackboard.database import Database, make_engine, make_sessionmaker
from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.schemas.search import SearchRequest
from blackboard.search import search
from blackboard.settings import BoardSettings
from controllers.bench.figures import Figure, Target
from controllers.bench.index_variants import (
    build,
    chosen_variants,
    latency,
    measure,
    with_beam,
)
from controllers.bench.scratch import scratch_database
from controllers.bench.stats import percentile_ms
from controllers.bench.synthetic import clustered_unit_vectors, exact_top_k

K = 10
CHUNKS_PER_ENTRY = 10
SELECTIVE_TAG = "selective"
TARGET_RECALL = Target(">=", 0.95)
TARGET_P95_MS = Target("<=", 25)
TARGET_FULL_K_PERCENT = Target(">=", 99)


def run_search_bench(
    settings: BoardSettings,
    n: int = 100_000,
    queries: int = 200,
    seed: int = 7,
    only: Sequence[str] = (),
    beams: Sequence[int] = (),
) -> dict[str, Any]:
    """Run the benchmark on a scratch database and return its figures; ``only`` names the
    index variants to build (all when empty; the board's is always built, last), ``beams``
    the extra beams the board's index is also queried with (``beam_sweep``)."""
    rng = np.random.default_rng(seed)
    corpus = clustered_unit_vectors(
        n, EMBEDDING_DIM, clusters=max(10, n // 100), spread=0.06, rng=rng
    )
    picks = rng.integers(0, n, size=queries)
    probes = corpus[picks] + rng.standard_normal((queries, EMBEDDING_DIM)).astype(np.float32) * 0.03
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    entry_of = np.arange(n) // CHUNKS_PER_ENTRY
    selective_entries = rng.random(int(entry_of.max()) + 1) < 0.10

    truth = exact_top_k(corpus, probes, K)
    selective_rows = np.flatnonzero(selective_entries[entry_of])
    truth_filtered = selective_rows[exact_top_k(corpus[selective_rows], probes, K)]
    truths = (truth, truth_filtered)

    with scratch_database(settings) as db:
        load_s = _load(db, corpus, entry_of, selective_entries)
        chunk_ids = _chunk_ids(db)
        measured = []
        chosen = chosen_variants(n, only)
        for variant in chosen:
            built = build(db.uri, variant)
            found = measure(db.uri, variant, probes, SELECTIVE_TAG)
            measured.append({"name": variant.name, **built, **_scores(found, truths, chunk_ids)})
        sweep = [
            {
                "beam": beam,
                **_scores(measure(db.uri, swept, probes, SELECTIVE_TAG), truths, chunk_ids),
            }
            for beam, swept in ((b, with_beam(chosen[-1], b)) for b in sorted(set(beams)))
        ]
        report = asyncio.run(_measure(db, probes, chunk_ids, truth, truth_filtered))
    report["filter_selectivity"] = round(float(selective_entries[entry_of].mean()), 4)
    report.update(
        {
            "n": n,
            "queries": queries,
            "load_s": round(load_s, 1),
            "index_build_s": measured[-1]["index_build_s"],
            "index_peak_mb": measured[-1]["index_peak_mb"],
            "variants": measured,
            "beam_sweep": sweep,
        }
    )
    return report


def _scores(
    found: dict[str, list[Any]],
    truths: tuple[NDArray[np.int64], NDArray[np.int64]],
    chunk_ids: NDArray[np.int64],
) -> dict[str, Any]:
    """Recall (against the exact top-10, unfiltered and filtered) and latency of one pass."""
    truth, truth_filtered = truths
    return {
        "recall_at_10": _recall(found["ids"], truth, chunk_ids),
        **latency(found["lat"]),
        "recall_at_10_filtered": _recall(found["f_ids"], truth_filtered, chunk_ids),
        **{f"filtered_{k}": v for k, v in latency(found["f_lat"]).items()},
    }


def search_figures(report: dict[str, Any]) -> list[Figure]:
    """The report's figures with their targets (docs/benchmarks.md), for the table."""
    return [
        Figure("chunks searched", report["n"]),
        Figure("queries (each run)", report["queries"]),
        Figure("recall@10, HNSW vs exact", report["recall_at_10"], target=TARGET_RECALL),
        Figure("latency p50, unfiltered", report["p50_ms"], "ms"),
        Figure("latency p95, unfiltered", report["p95_ms"], "ms", TARGET_P95_MS),
        Figure("latency p50, 10% filter", report["filtered_p50_ms"], "ms"),
        Figure("latency p95, 10% filter", report["filtered_p95_ms"], "ms"),
        Figure(
            "filtered queries returning all k rows",
            round(report["filtered_full_k_rate"] * 100, 2),
            "%",
            TARGET_FULL_K_PERCENT,
        ),
        Figure("recall@10, 10% filter (vs exact filtered)", report["recall_at_10_filtered"]),
        Figure(
            "share of chunks the filter admits", round(report["filter_selectivity"] * 100, 2), "%"
        ),
        Figure("load time", report["load_s"], "s"),
        Figure("index build time", report["index_build_s"], "s"),
        *(figure for variant in report["variants"] for figure in _variant_figures(variant)),
        *(figure for row in report["beam_sweep"] for figure in _sweep_figures(row)),
    ]


def _sweep_figures(row: dict[str, Any]) -> list[Figure]:
    """The board's index queried at one more beam."""
    name = f"board @ beam {row['beam']}"
    return [
        Figure(f"{name}: recall@10", row["recall_at_10"], target=TARGET_RECALL),
        Figure(f"{name}: latency p95, unfiltered", row["p95_ms"], "ms", TARGET_P95_MS),
        Figure(f"{name}: recall@10, 10% filter", row["recall_at_10_filtered"]),
        Figure(f"{name}: latency p95, 10% filter", row["filtered_p95_ms"], "ms"),
    ]


def _variant_figures(variant: dict[str, Any]) -> list[Figure]:
    """One variant's build and search figures, named after it (``baseline: recall@10``)."""
    name = variant["name"]
    peak = variant["index_peak_mb"]
    return [
        Figure(f"{name}: index build time", variant["index_build_s"], "s"),
        Figure(f"{name}: index build peak memory", "n/a" if peak is None else peak, "MiB"),
        Figure(f"{name}: index size", variant["index_size_mb"], "MiB"),
        Figure(f"{name}: maintenance_work_mem", variant["maintenance_work_mem_mb"], "MiB"),
        Figure(f"{name}: recall@10", variant["recall_at_10"], target=TARGET_RECALL),
        Figure(f"{name}: latency p95, unfiltered", variant["p95_ms"], "ms", TARGET_P95_MS),
        Figure(f"{name}: recall@10, 10% filter", variant["recall_at_10_filtered"]),
        Figure(f"{name}: latency p95, 10% filter", variant["filtered_p95_ms"], "ms"),
    ]


def _load(
    db: Database,
    corpus: NDArray[np.float32],
    entry_of: NDArray[np.int64],
    selective: NDArray[np.bool_],
) -> float:
    """COPY the entries and chunks in with no vector index (each variant builds its own)."""
    started = time.perf_counter()
    entries = int(entry_of.max()) + 1
    with psycopg.connect(db.uri) as conn, Progress(transient=True) as progress:
        register_vector(conn)
        conn.execute("DROP INDEX ix_chunks_embedding_hnsw")
        conn.execute("ALTER TABLE board_events SET UNLOGGED")
        conn.execute("ALTER TABLE entries DISABLE TRIGGER entries_board_event")
        with conn.cursor().copy(
            "COPY entries (id, kind, title, body, author, status, tags, priority, metadata, "
            "version, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(entries):
                tags = "{" + (SELECTIVE_TAG if selective[i] else "common") + "}"
                copy.write_row(
                    (
                        i + 1,
                        "document",
                        f"doc {i}",
                        "",
                        "bench",
                        "open",
                        tags,
                        0,
                        "{}",
                        1,
                        "now",
                        "now",
                    )
                )
        conn.execute("SELECT setval(pg_get_serial_sequence('entries', 'id'), %s)", (entries,))
        task = progress.add_task("loading chunks", total=len(corpus))
        with conn.cursor().copy(
            "COPY chunks (entry_id, ordinal, text, heading_path, content_hash, embedding, "
            "created_at, updated_at) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy:
            copy.set_types(
                [
                    "bigint",
                    "integer",
                    "text",
                    "varchar",
                    "varchar",
                    "vector",
                    "timestamptz",
                    "timestamptz",
                ]
            )
            now = time.time()
            import datetime as _dt

            stamp = _dt.datetime.fromtimestamp(now, tz=_dt.UTC)
            for i, vec in enumerate(corpus):
                copy.write_row(
                    (
                        int(entry_of[i]) + 1,
                        i % CHUNKS_PER_ENTRY,
                        f"chunk {i}",
                        "",
                        f"{i:064d}",
                        vec,
                        stamp,
                        stamp,
                    )
                )
                if i % 5000 == 0:
                    progress.update(task, completed=i)
        conn.execute("ALTER TABLE entries ENABLE TRIGGER entries_board_event")
        conn.commit()
        conn.execute("ANALYZE entries")
        conn.commit()
    return time.perf_counter() - started


async def _measure(
    db: Database,
    probes: NDArray[np.float32],
    chunk_ids: NDArray[np.int64],
    truth: NDArray[np.int64],
    truth_filtered: NDArray[np.int64],
) -> dict[str, Any]:
    """The board's own search path (``blackboard.search``) on the board's index."""
    engine = make_engine(db, pool_size=2)
    sessions = make_sessionmaker(engine)

    async def run(filtered: bool) -> tuple[list[float], list[list[int]]]:
        latencies: list[float] = []
        results: list[list[int]] = []
        for probe in probes:
            request = SearchRequest(
                vector=probe.tolist(), k=K, mode="vector", tags=[SELECTIVE_TAG] if filtered else []
            )
            async with sessions() as session, session.begin():
                started = time.perf_counter()
                hits = await search(session, request, None)
                latencies.append(time.perf_counter() - started)
            results.append([h.chunk_id for h in hits])
        return latencies, results

    await run(False)  # warm the caches once
    plain_lat, plain_ids = await run(False)
    filt_lat, filt_ids = await run(True)
    await engine.dispose()
    return {
        "recall_at_10": _recall(plain_ids, truth, chunk_ids),
        "recall_at_10_filtered": _recall(filt_ids, truth_filtered, chunk_ids),
        "p50_ms": percentile_ms(plain_lat, 50),
        "p95_ms": percentile_ms(plain_lat, 95),
        "filtered_p50_ms": percentile_ms(filt_lat, 50),
        "filtered_p95_ms": percentile_ms(filt_lat, 95),
        "filtered_full_k_rate": round(sum(len(r) == K for r in filt_ids) / len(filt_ids), 4),
    }


def _recall(
    found: list[list[int]], expected: NDArray[np.int64], chunk_ids: NDArray[np.int64]
) -> float:
    """Share of the exact top-10 (corpus rows, mapped to chunk ids) that ``found`` holds."""
    hits = sum(
        len(set(f) & {int(chunk_ids[j]) for j in row})
        for f, row in zip(found, expected, strict=True)
    )
    return round(hits / (K * len(found)), 4)


def _chunk_ids(db: Database) -> NDArray[np.int64]:
    """Chunk ids in load order (row i of the corpus is ``ids[i]``)."""
    with psycopg.connect(db.uri) as conn:
        rows = conn.execute("SELECT id FROM chunks ORDER BY id").fetchall()
    return np.asarray([r[0] for r in rows], dtype=np.int64)
