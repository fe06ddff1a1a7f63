"""``bench edits``: the shipped edit tasks carried out through the coder's workbench tools.

Each task starts from a fresh copy of ``tests/data/edits/repo``; the model drives the tools
(``knowledge_sources/workbench/tool_loop.py``) until it says done, then the files are checked
against the task's expectations. The scripted model replays each task's reference calls (some
with a wrong first try the gate or the exact-match rule refuses): it checks the plumbing, and
must solve every task. A real model (``--provider ollama|openai|smollm2|outlines``) gives the
figure that matters. No database is used.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from controllers.bench.edits_data import EDITS_DIR, EditTask, load_tasks
from controllers.bench.figures import Figure, Target
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.workbench.gate import Gate
from knowledge_sources.workbench.tool_loop import run_tool_loop
from knowledge_sources.workbench.workbench import Workbench
from knowledge_sources.workbench.workspace import Workspace

ModelFor = Callable[[EditTask], ModelProvider]


def scripted_model_for(task: EditTask) -> ModelProvider:
    """A scripted model that makes the task's reference calls, then says done."""
    return ScriptedModel().script("structured", *task.script, {"tool": "done"})


async def _run_task(
    task: EditTask, model: ModelProvider, repo: Path, max_calls: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ga-bench-edits-") as scratch:
        root = Path(scratch) / "repo"
        shutil.copytree(repo, root)
        bench = Workbench(Workspace(root), Gate())
        started = time.perf_counter()
        outcome = await run_tool_loop(model, bench, task.instruction, max_calls=max_calls)
        seconds = time.perf_counter() - started
        problems = [p for e in task.expect if (p := e.failure(root))]
        if not outcome.done:
            problems.insert(0, f"not done after {max_calls} tool calls")
        if bench.last_gate is not None and not bench.last_gate.passed:
            problems.append("the gate fails at the end")
    return {
        "id": task.id,
        "ok": not problems,
        "problems": problems,
        "tool_calls": outcome.calls,
        "failed_calls": outcome.failed_calls,
        "gate_failures": outcome.gate_failures,
        "first_failure": next((r.output[:300] for r in outcome.results if not r.ok), None),
        "seconds": round(seconds, 4),
    }


def run_edits_bench(
    model_for: ModelFor = scripted_model_for,
    *,
    model_name: str = "scripted",
    max_calls: int = 12,
    limit: int | None = None,
    directory: Path = EDITS_DIR,
) -> dict[str, Any]:
    """The tasks of ``directory`` (the first ``limit``, or all); the report, per task too."""
    tasks = load_tasks(directory)[:limit]

    async def run_all() -> list[dict[str, Any]]:
        return [
            await _run_task(task, model_for(task), directory / "repo", max_calls) for task in tasks
        ]

    started = time.perf_counter()
    results = asyncio.run(run_all())
    total = time.perf_counter() - started
    solved = sum(r["ok"] for r in results)
    return {
        "model": model_name,
        "tasks": len(results),
        "solved": solved,
        "success_rate": solved / len(results) if results else 0.0,
        "tool_calls": sum(r["tool_calls"] for r in results),
        "failed_calls": sum(r["failed_calls"] for r in results),
        "gate_failures": sum(r["gate_failures"] for r in results),
        "seconds": round(total, 3),
        "results": results,
    }


def edits_figures(report: dict[str, Any]) -> list[Figure]:
    """Success rate (every task, for the scripted model), calls, refusals and time."""
    scripted = report["model"] == "scripted"
    per_task_ms = 1000 * report["seconds"] / max(report["tasks"], 1)
    return [
        Figure("model", report["model"]),
        Figure("tasks", report["tasks"], target=Target(">=", 30)),
        Figure(
            "success rate",
            round(report["success_rate"], 3),
            target=Target(">=", 1.0) if scripted else None,
        ),
        Figure("tool calls", report["tool_calls"]),
        Figure("failed tool calls (refused or no match)", report["failed_calls"]),
        Figure("gate failures", report["gate_failures"]),
        Figure("time per task", round(per_task_ms, 1), "ms"),
    ]
