"""``gitea-assistants bench scale`` end to end: both sides run on a scratch database and the
report adds up. Speed is not asserted here (docs/benchmarks.md holds the measured figures),
only what cannot be wrong: every round ran, more workers never slower than the model allows."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from blackboard.database import Database
from tests.cli_runner import cli_env, run_cli


def test_bench_scale_reports_each_worker_count(fresh_database: Callable[[], Database]) -> None:
    db = fresh_database()
    env = cli_env(DATABASE_URL=db.uri, GA_EMBEDDER="hashing")
    args = ("--workers", "1,2", "--tasks", "6", "--latency-ms", "100", "--json")
    done = run_cli("bench", "scale", *args, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["tasks"] == 6 and report["model_latency_ms"] == 100
    assert [r["workers"] for r in report["rounds"]] == [1, 2]
    model_s = report["calls_per_task"] * 0.1
    for r in report["rounds"]:  # no round can beat the model's own time
        assert 0 < r["tasks_per_s"] <= r["workers"] / model_s
        assert 0 < r["raw_saq_tasks_per_s"] <= r["workers"] / model_s
        assert r["overhead_ms_per_task"] == pytest.approx(
            (r["workers"] / r["tasks_per_s"] - r["workers"] / r["raw_saq_tasks_per_s"]) * 1000,
            abs=1,
        )
    one, two = report["rounds"]
    assert one["efficiency"] == 1.0
    assert two["efficiency"] == pytest.approx(two["tasks_per_s"] / (2 * one["tasks_per_s"]), 0.01)

    with psycopg.connect(db.uri) as conn:  # the scratch database is gone again
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'ga_bench_%'")
        assert left.fetchall() == []


def test_bench_scale_refuses_a_bad_worker_list() -> None:
    done = run_cli("bench", "scale", "--workers", "1,x", env=cli_env(), timeout=60)
    assert done.returncode == 2
    assert "comma-separated list of worker counts" in done.stderr
