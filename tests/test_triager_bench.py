"""``gitea-assistants bench triage`` with the scripted model: the shipped set's figures add up,
``--set`` runs a team's own set, and a set naming a label the repository lacks is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from blackboard.database import Database
from controllers.bench.triage_data import DEFAULT_SET, load_set
from knowledge_sources.triager.labels import Label, groups
from tests.cli_runner import cli_env, run_cli


def _bench(db: Database, *args: str) -> dict[str, Any]:
    env = cli_env(DATABASE_URL=db.uri, GA_EMBEDDER="hashing", GA_MODEL_PROVIDER="scripted")
    done = run_cli("bench", "triage", "--json", *args, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_the_shipped_set_adds_up(fresh_database: Callable[[], Database]) -> None:
    data = load_set(DEFAULT_SET)
    assert len(data.issues) >= 40
    report = _bench(fresh_database())
    by_group = groups([Label(name, i) for i, name in enumerate(data.labels)])
    assert report["issues"] == len(data.issues)
    assert report["label_decisions"] == len(data.issues) * len(by_group) == 126
    # the lenient scripted model picks the first option: each group's first label
    right = sum(by_group[g][0].name in i.labels for i in data.issues for g in by_group)
    assert report["label_accuracy"] == round(right / 126, 3)
    assert report["expected_duplicates"] == sum(1 for i in data.issues if i.duplicate_of) == 8
    # and confirms every candidate, so the model's recall is the search's
    assert report["duplicate_recall"] == report["candidate_recall"]
    found, correct = report["found_duplicates"], report["correct_duplicates"]
    assert correct <= found and report["duplicate_precision"] == round(correct / found, 3)
    assert report["duplicate_recall"] == round(correct / 8, 3)
    names = [f["name"] for f in report["figures"]]
    assert "label accuracy" in names and "duplicate recall" in names


def test_a_teams_own_set(fresh_database: Callable[[], Database], tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text(json.dumps(["bug", "enhancement"]))
    lines = [
        {"title": "Crash on start", "body": "The app crashes on start.", "labels": ["bug"]},
        {
            "title": "Crash on start up",
            "body": "It crashes on start.",
            "labels": ["bug"],
            "duplicate_of": 1,
        },
    ]
    (tmp_path / "issues.jsonl").write_text("\n".join(json.dumps(x) for x in lines))
    report = _bench(fresh_database(), "--set", str(tmp_path))
    assert report["issues"] == 2 and report["label_groups"] == ["label"]
    assert report["label_accuracy"] == 1.0  # "bug" is the first option, and right both times
    assert report["expected_duplicates"] == 1


def test_a_set_with_an_unknown_label_is_refused(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text(json.dumps(["bug"]))
    (tmp_path / "issues.jsonl").write_text(json.dumps({"title": "x", "labels": ["wontfix"]}))
    done = run_cli("bench", "triage", "--set", str(tmp_path), env=cli_env(), timeout=60)
    assert done.returncode == 1
    assert "issues.jsonl:1: labels not in labels.json: wontfix" in done.stderr
