"""``gitea-assistants bench research`` end to end on the small smoke set: the corpus is
ingested on a scratch database, every question gets a researcher note and a baseline note,
and the report adds up (shares are counts over notes and citations; the scratch DB is gone).
The shipped figures are measured on tests/data/retrieval (docs/benchmarks.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from blackboard.database import Database
from tests.cli_runner import cli_env, run_cli

SMOKE = Path(__file__).parent / "data" / "research_smoke"


def test_bench_research_reports_both_sides(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    db = fresh_database()
    env = cli_env(
        DATABASE_URL=db.uri, GA_DATA_DIR=str(tmp_path / "data"), GA_MODEL_PROVIDER="scripted"
    )
    done = run_cli("bench", "research", "--data", str(SMOKE), "--json", env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    questions = len((SMOKE / "questions.jsonl").read_text().splitlines())
    assert report["questions"] == questions and report["model"].startswith("scripted:")
    for side in (report["researcher"], report["baseline"]):
        assert side["notes"] == questions == sum(side["written_by"].values())
        assert side["citations"] == round(side["citations_per_note"] * questions)
        assert side["valid_citation_share"] == 1.0
        assert 0 < side["answer_citation_share"] <= side["answer_cited_share"] <= 1
        assert side["seconds_per_note"] > 0
    # the lenient scripted model writes no structured draft: its notes are extractive
    assert report["researcher"]["written_by"] == {"extractive": questions}
    assert set(report["targets_met"]) == {
        "valid citations == 100% (researcher)",
        "valid citations == 100% (baseline)",
        "answer cited >= baseline",
    }
    with psycopg.connect(db.uri, autocommit=True) as conn:
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'ga_bench_%'")
        assert left.fetchall() == []

    table = run_cli("bench", "research", "--data", str(SMOKE), "--questions", "1", env=env)
    assert table.returncode == 0, table.stderr
    assert "answer_cited_share" in table.stdout and "targets" in table.stdout

    missing = run_cli("bench", "research", "--data", str(tmp_path), env=env)
    assert missing.returncode == 1 and "holds no questions.jsonl" in missing.stderr
