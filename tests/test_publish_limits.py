"""Limits from the soul stop a task: too many files, too many tool calls, too long; the task
says which on the board (its decision), and nothing is committed or pushed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from blackboard.models import Action
from blackboard.runtime import Board
from tests.gitea_standin import git_store, seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.publish_support import coder_soul, commit_model, run_task

SUBTRACTS = "def add(a, b):\n    return a - b\n"

pytestmark = pytest.mark.usefixtures("no_violations")


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "app")
    seed.add_files(standin, repo, {"app/calc.py": SUBTRACTS, "app/more.py": SUBTRACTS})
    return standin


def _entry(**meta: Any) -> dict[str, Any]:
    return {
        "kind": "open_problem",
        "title": "add() subtracts",
        "body": "add(2, 2) gives 0.",
        "meta": {
            "repo": "acme/app",
            "path": "app/calc.py",
            "old": "return a - b",
            "new": "return a + b",
            **meta,
        },
    }


@pytest.mark.parametrize(
    ("limits", "meta", "said"),
    [
        ({"files": 1}, {"also": ["app/more.py"]}, "touches 2 files, over the limit of 1"),
        ({"lines": 1}, {}, "adds and removes 2 lines, over the limit of 1"),
        ({"tool_calls": 1}, {"also": ["app/more.py"]}, "used its 1 tool calls"),
        ({"wall_s": 0.5}, {"sleep_s": 30}, "over its limit of 0.5 s"),
    ],
)
async def test_a_task_over_a_limit_stops_and_commits_nothing(
    board: Board,
    gitea: StandinGitea,
    tmp_path: Path,
    limits: dict[str, Any],
    meta: dict[str, Any],
    said: str,
) -> None:
    repo = gitea.state.repo("acme", "app")
    assert repo is not None
    before = git_store.branches(repo.git)
    souls = {"coder": coder_soul("coder", "open_problem", limits=limits)}
    workspaces = tmp_path / "workspaces"
    task = await run_task(
        board, souls, settings_for(gitea), workspaces, _entry(**meta), commit_model()
    )
    assert task.status == "done", task.error
    assert task.result["decision"] == "stopped: a task limit was reached"
    assert said in task.result["why"] and "in the soul's file" in task.result["why"]
    assert task.result["actions"] == []
    async with board.sessions() as session:
        assert (await session.scalars(select(Action).where(Action.task_id == task.id))).all() == []
    assert not (workspaces / f"task-{task.id}").exists()
    assert git_store.branches(repo.git) == before
