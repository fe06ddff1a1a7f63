"""``bench edits``: the shipped edit tasks through the workbench tools. The scripted model's
reference calls solve every task (wrong first tries refused on the way); a model that edits
nothing solves none, so the expectations really check the files."""

from __future__ import annotations

import json

from controllers.bench.edits_bench import run_edits_bench
from controllers.bench.edits_data import load_tasks
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.workbench.tools import TOOLS_BY_NAME
from tests.cli_runner import cli_env, run_cli


def test_the_tasks_are_at_least_thirty_and_use_every_edit_tool() -> None:
    tasks = load_tasks()
    assert len(tasks) >= 30
    assert len({task.id for task in tasks}) == len(tasks)
    used = {call["tool"] for task in tasks for call in task.script}
    assert used == set(TOOLS_BY_NAME)


def test_the_cli_reports_every_task_solved_by_the_scripted_model() -> None:
    done = run_cli("bench", "edits", "--json", env=cli_env())
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["tasks"] == len(load_tasks())
    assert report["success_rate"] == 1.0, [r for r in report["results"] if not r["ok"]]
    assert report["gate_failures"] == 3  # three tasks try a broken edit first
    assert report["failed_calls"] == 4  # ... and one an ambiguous search/replace
    ambiguous = next(r for r in report["results"] if r["id"] == "reset-total-ambiguous")
    assert ambiguous["first_failure"].startswith("old text occurs 2 times in calc/ops.py")
    figures = {f["name"]: f for f in report["figures"]}
    assert figures["success rate"]["met"] is True


def test_a_model_that_edits_nothing_solves_nothing() -> None:
    report = run_edits_bench(lambda _task: ScriptedModel().script("structured", {"tool": "done"}))
    assert report["solved"] == 0
    assert all(r["problems"] for r in report["results"])
    assert all(r["first_failure"] is None for r in report["results"])  # no call failed
