"""``bench search`` for real on a small slice (2,000 chunks, 10 queries, scratch database):
the three index variants (old baseline, vector sized, the board's halfvec) are built and queried
side by side, each with its build time, peak memory and recall, and the report adds up (the
board variant is the index the board path searched)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from blackboard.database import Database
from tests.cli_runner import cli_env, run_cli


def test_bench_search_reports_each_index_variant_side_by_side(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    env = cli_env(DATABASE_URL=fresh_database().uri, GA_DATA_DIR=str(tmp_path / "data"))
    done = run_cli("bench", "search", "--n", "2000", "--queries", "10", "--json", env=env)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)

    variants = {v["name"]: v for v in report["variants"]}
    assert list(variants) == ["baseline", "vector", "board"]
    for variant in variants.values():
        assert 0.5 <= variant["recall_at_10"] <= 1.0 and variant["p95_ms"] >= variant["p50_ms"] > 0
        assert variant["index_build_s"] >= 0 and variant["index_size_mb"] > 0
        peak = variant["index_peak_mb"]  # the server runs on this machine: it is measured
        assert peak is not None and peak >= 0
    assert variants["baseline"]["maintenance_work_mem_mb"] == 1024
    assert variants["board"]["maintenance_work_mem_mb"] == 64  # 2,000 chunks need the minimum
    assert variants["board"]["index_size_mb"] < variants["vector"]["index_size_mb"]  # halfvec
    assert report["index_build_s"] == variants["board"]["index_build_s"]
    assert report["n"] == 2000 and report["queries"] == 10
    assert report["filtered_full_k_rate"] == 1.0 and report["recall_at_10"] >= 0.5

    figures = {f["name"]: f for f in report["figures"]}
    assert figures["baseline: recall@10"]["value"] == variants["baseline"]["recall_at_10"]
    assert figures["vector: index build peak memory"]["unit"] == "MiB"
    assert figures["board: latency p95, unfiltered"]["target"] == "<= 25 ms"


def test_bench_search_builds_only_the_variants_asked_for_and_sweeps_the_beam(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    env = cli_env(DATABASE_URL=fresh_database().uri, GA_DATA_DIR=str(tmp_path / "data"))
    args = ("bench", "search", "--n", "1000", "--queries", "10", "--json")
    done = run_cli(*args, "--variants", "baseline", "--beam", "40", "--beam", "10", env=env)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert [v["name"] for v in report["variants"]] == ["baseline", "board"]
    narrow, wide = report["beam_sweep"]  # the board's index again, at each beam asked for
    assert (narrow["beam"], wide["beam"]) == (10, 40)
    assert 0 < narrow["recall_at_10"] <= wide["recall_at_10"] <= 1.0
    figures = {f["name"]: f["value"] for f in report["figures"]}
    assert figures["board @ beam 40: recall@10"] == wide["recall_at_10"]

    refused = run_cli(*args, "--variants", "hnsw-fast", env=env)
    assert refused.returncode == 2 and "hnsw-fast" in refused.stderr
