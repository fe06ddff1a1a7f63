"""``bench retrieval``: which document each search mode finds for real questions, against
LlamaIndex's defaults on the same corpus with the same embedding model.

The shipped corpus (``retrieval_data``) is ingested into a scratch board by this project's
ingest; every question is then searched in each mode with k = 10 and the documents of the
results are scored (``retrieval_metrics``). Chunk modes may return a document several times;
the per-document mode returns each entry once with its best passages. The baseline is
``retrieval_baseline``. Latency per query is timed around the board's search call.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from blackboard.database import Database
from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search, search_entries
from blackboard.settings import BoardSettings
from controllers.bench.retrieval_baseline import baseline_results
from controllers.bench.retrieval_data import DEFAULT_DATA, Question, load_questions, slice_corpus
from controllers.bench.retrieval_metrics import RANKED, score
from controllers.bench.scratch import scratch_database
from controllers.bench.stats import percentile_ms
from ingest.run import ingest_paths
from ingest.settings import IngestSettings

BASELINE = "llamaindex-defaults"
DEFAULT_MODE = "per-document"
"""The mode the board's agents and ``search --per entry`` use: the best one measured."""
TARGET_MARGIN = 0.05
TARGET_HIT_AT_5 = 0.9
STORE = "retrieval-bench"

Runner = Callable[[Board, str], Awaitable[list[str | None]]]


def _chunks(mode: str) -> Runner:
    async def run(board: Board, question: str) -> list[str | None]:
        request = SearchRequest(query=question, k=RANKED, mode=mode)
        async with board.sessions() as session, session.begin():
            hits = await search(session, request, await board.embedder())
        return [h.source_uri for h in hits]

    return run


async def _per_document(board: Board, question: str) -> list[str | None]:
    request = SearchRequest(query=question, k=RANKED)
    async with board.sessions() as session, session.begin():
        hits = await search_entries(session, request, await board.embedder())
    return [h.source_uri for h in hits]


MODES: dict[str, Runner] = {
    "vector": _chunks("vector"),
    "text": _chunks("text"),
    "hybrid": _chunks("hybrid"),
    "per-document": _per_document,
}


def run_retrieval_bench(
    settings: BoardSettings,
    ingest: IngestSettings,
    data: Path = DEFAULT_DATA,
    limit: int | None = None,
) -> dict[str, Any]:
    """Ingest the corpus (or, with ``limit``, the documents of the first questions), run
    every mode and the baseline, and return the figures."""
    questions = load_questions(data)[:limit]
    with tempfile.TemporaryDirectory(prefix="ga-bench-retrieval-") as tmp:
        corpus = data / "corpus" if limit is None else slice_corpus(data, questions, Path(tmp))
        with scratch_database(settings) as db:
            report = asyncio.run(_run(settings, ingest, db, corpus, questions))
    report["data"] = str(data)
    return report


async def _run(
    settings: BoardSettings,
    ingest: IngestSettings,
    db: Database,
    corpus: Path,
    questions: list[Question],
) -> dict[str, Any]:
    board = Board.open(settings, run_migrations=False, db=db)
    try:
        embedder = await board.embedder()
        ingested = await ingest_paths(board, [corpus], STORE, settings=ingest, embedder=embedder)
        documents = await _documents(board)
        modes: dict[str, dict[str, Any]] = {}
        for name, runner in MODES.items():
            runs, seconds = [], []
            for q in questions:
                started = time.perf_counter()
                uris = await runner(board, q.question)
                seconds.append(time.perf_counter() - started)
                runs.append(([documents.get(u or "", "?") for u in uris], q.document))
            modes[name] = {**score(runs), "p50_ms": percentile_ms(seconds, 50)}
            modes[name]["p95_ms"] = percentile_ms(seconds, 95)
        found, seconds, nodes = await asyncio.to_thread(
            baseline_results, corpus, embedder, [q.question for q in questions], RANKED
        )
    finally:
        await board.close(stop_database=False)
    modes[BASELINE] = {
        **score([(r, q.document) for r, q in zip(found, questions, strict=True)]),
        "p50_ms": percentile_ms(seconds, 50),
        "p95_ms": percentile_ms(seconds, 95),
    }
    default, baseline = modes[DEFAULT_MODE], modes[BASELINE]
    ours = [m for m in MODES]
    best = max(ours, key=lambda m: (modes[m]["hit_at_5"], modes[m]["mrr_at_10"]))
    return {
        "questions": len(questions),
        "documents": len(documents),
        "chunks": ingested.chunks.written,
        "baseline_nodes": nodes,
        "embedder": embedder.name,
        "k": RANKED,
        "modes": modes,
        "default_mode": DEFAULT_MODE,
        "best_mode": best,
        "targets_met": {
            f"{DEFAULT_MODE} hit@5 >= {BASELINE} + {TARGET_MARGIN}": default["hit_at_5"]
            >= round(baseline["hit_at_5"] + TARGET_MARGIN, 4),
            f"{DEFAULT_MODE} hit@5 >= {TARGET_HIT_AT_5}": default["hit_at_5"] >= TARGET_HIT_AT_5,
            "default mode is the best measured": modes[best]["hit_at_5"] == default["hit_at_5"]
            and modes[best]["mrr_at_10"] == default["mrr_at_10"],
        },
    }


async def _documents(board: Board) -> dict[str, str]:
    """Each ingested entry's source URI -> its path relative to the corpus."""
    async with board.sessions() as session:
        rows = await session.execute(
            text("SELECT source_uri, metadata->>'path' FROM entries WHERE source_uri IS NOT NULL")
        )
        return {uri: path for uri, path in rows.all()}
