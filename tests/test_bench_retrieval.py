"""``gitea-assistants bench retrieval`` on a slice of the shipped set: every mode and the
LlamaIndex baseline really run and the report adds up (quality is measured by the full run,
docs/benchmarks.md, with the real model)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from blackboard.database import Database
from controllers.bench.retrieval_data import DEFAULT_DATA, load_questions
from tests.cli_runner import cli_env, run_cli

SLICE = 6


def test_shipped_questions_name_real_documents_and_sections() -> None:
    questions = load_questions(DEFAULT_DATA)
    assert len(questions) >= 60
    for q in questions:
        page = (DEFAULT_DATA / "corpus" / q.document).read_text(encoding="utf-8")
        assert not q.section or f" {q.section}\n" in page, (q.document, q.section)
    assert (DEFAULT_DATA / "LICENSE.md").is_file() and (DEFAULT_DATA / "README.md").is_file()


@pytest.mark.slow
def test_bench_retrieval_smoke_run_adds_up(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    db = fresh_database()
    env = cli_env(DATABASE_URL=db.uri, GA_DATA_DIR=str(tmp_path / "data"), GA_EMBEDDER="hashing")
    done = run_cli("bench", "retrieval", "--limit", str(SLICE), "--json", env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)

    asked = load_questions(DEFAULT_DATA)[:SLICE]
    assert report["questions"] == SLICE
    assert report["documents"] == len({q.document for q in asked})
    assert report["chunks"] >= report["documents"] and report["baseline_nodes"] >= 1
    modes = report["modes"]
    assert list(modes) == ["vector", "text", "hybrid", "per-document", "llamaindex-defaults"]
    for name, m in modes.items():
        # every figure is a share of SLICE questions; MRR lies between hit@1 and hit@10
        for key in ("hit_at_1", "hit_at_5"):
            assert m[key] * SLICE == pytest.approx(round(m[key] * SLICE), abs=0.01), (name, key)
        assert 0 <= m["hit_at_1"] <= m["mrr_at_10"] <= 1 and m["hit_at_1"] <= m["hit_at_5"]
        assert 1 <= m["documents_in_top_5"] <= min(5, report["documents"])
        assert 0 < m["p50_ms"] <= m["p95_ms"]
    assert modes["per-document"]["documents_in_top_5"] == min(5, report["documents"])

    default, baseline = modes[report["default_mode"]], modes["llamaindex-defaults"]
    met = report["targets_met"]
    assert met["per-document hit@5 >= llamaindex-defaults + 0.05"] == (
        default["hit_at_5"] >= round(baseline["hit_at_5"] + 0.05, 4)
    )
    assert met["per-document hit@5 >= 0.9"] == (default["hit_at_5"] >= 0.9)
    best = modes[report["best_mode"]]
    assert all(best["hit_at_5"] >= m["hit_at_5"] for m in list(modes.values())[:4])

    with psycopg.connect(db.uri) as conn:  # the scratch database is gone again
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'ga_bench_%'")
        assert left.fetchall() == []
