"""``gitea-assistants bench ingest`` end to end on a small corpus: both sides really run (the
real MiniLM, the LlamaIndex pipeline into pgvector) and the report adds up. Speed is not
asserted here; the shipped benchmark is where it is measured (docs/benchmarks.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from blackboard.database import Database
from tests.cli_runner import cli_env, run_cli


@pytest.mark.slow
def test_bench_ingest_runs_both_sides_and_reports_figures(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    db = fresh_database()
    env = cli_env(DATABASE_URL=db.uri, GA_DATA_DIR=str(tmp_path / "data"))
    done = run_cli("bench", "ingest", "--chunks", "100", "--json", env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Loading weights" not in done.stderr
    report: dict[str, Any] = json.loads(done.stdout)

    ours, baseline = report["ours"], report["baseline"]
    assert ours["chunks"] == ours["embedded"] == report["corpus"]["chunks"] >= 100
    assert baseline["chunks"] >= 100 and baseline["embed_batch_size"] == 10
    assert ours["unchanged_embedded"] == 0 and ours["unchanged_written"] == 0
    assert ours["unchanged_files"] == ours["files"] == report["corpus"]["files"]
    for side in (ours, baseline):
        assert side["seconds"] > 0 and side["cpu_s"] > 0 and side["peak_rss_mib"] > 100
        # the report rounds seconds (0.01 s) and rates (0.1/s): compare within that
        assert side["chunks_per_s"] == pytest.approx(side["chunks"] / side["seconds"], rel=0.02)
    assert report["speedup"] == pytest.approx(
        ours["chunks_per_s"] / baseline["chunks_per_s"], rel=0.02
    )
    assert report["unchanged_share_of_cold"] == pytest.approx(
        ours["unchanged_s"] / ours["seconds"], abs=1e-3
    )
    assert set(report["targets_met"]) == {
        "speedup >= 1.5",
        "unchanged <= 5% of cold",
        "unchanged embeddings == 0",
    }
    assert report["targets_met"]["unchanged embeddings == 0"] is True

    with psycopg.connect(db.uri) as conn:  # the scratch database is gone again
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'ga_bench_%'")
        assert left.fetchall() == []
