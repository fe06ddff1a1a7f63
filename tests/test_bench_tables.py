"""``bench events`` as a person and a script see it: the table names each figure readably and
puts its target and a met/missed mark beside it; ``--json`` carries the same target and met
next to the raw figures. Run for real (scratch database, 10 events)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from blackboard.database import Database
from tests.cli_runner import cli_env, run_cli


def test_bench_events_table_and_json_carry_target_and_mark(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    env = cli_env(DATABASE_URL=fresh_database().uri, GA_DATA_DIR=str(tmp_path / "data"))

    done = run_cli("bench", "events", "--events", "10", "--json", env=env)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["events"] == 10 and report["p95_ms"] > 0  # the raw figures stay
    figures = {f["name"]: f for f in report["figures"]}
    p95 = figures["commit -> listener p95"]
    assert (p95["value"], p95["unit"], p95["target"]) == (report["p95_ms"], "ms", "<= 5 ms")
    assert p95["met"] is (report["p95_ms"] <= 5)
    assert figures["commit -> listener p50"]["target"] is None
    assert figures["commit -> listener p50"]["met"] is None

    shown = run_cli("bench", "events", "--events", "10", env=env)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert any(("figure" in line and "target" in line and "met" in line) for line in lines)
    (row,) = [line for line in lines if "commit -> listener p95" in line]
    assert "<= 5 ms" in row
    assert ("✓ met" in row) != ("✗ missed" in row)
    (events_row,) = [line for line in lines if "events written, one at a time" in line]
    assert "10" in events_row and "met" not in events_row and "missed" not in events_row
    assert "p95_ms" not in shown.stdout  # readable names, not the JSON keys
