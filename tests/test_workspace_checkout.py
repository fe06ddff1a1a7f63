"""A task's checkout from the stand-in Gitea over smart HTTP: branch, changes, reuse, removal
(at the end, and by the worker's prune for tasks that ended elsewhere)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from blackboard.connectors.gitea.errors import WriteRefusedError
from blackboard.models import Task
from blackboard.runtime import Board
from controllers.control.worker import WorkerRuntime
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.workbench.checkout import (
    checkout_provider,
    prepare_checkout,
    remove_checkouts,
    task_branch,
    task_dir,
    tasks_with_checkouts,
)
from knowledge_sources.workbench.errors import WorkbenchError
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea

pytestmark = pytest.mark.usefixtures("no_violations")


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    standin.state.add_user("other", is_org=True)
    repo = standin.state.add_repo("acme", "app")
    seed.add_files(
        standin,
        repo,
        {"README.md": "# app\n", "app/calc.py": "def add(a, b):\n    return a - b\n"},
    )
    standin.state.add_repo("other", "elsewhere")
    return standin


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def test_branch_names_are_slugs_of_the_task() -> None:
    assert task_branch(12, "Fix: add() subtracts!") == "ga/12-fix-add-subtracts"
    assert task_branch(3, "") == "ga/3-task"
    long = task_branch(4, "word " * 30)
    assert long.startswith("ga/4-word-") and len(long) <= len("ga/4-") + 40


def test_a_task_clones_on_its_branch_without_the_token_and_sees_its_change(
    gitea: StandinGitea, tmp_path: Path
) -> None:
    settings = settings_for(gitea)
    checkout = prepare_checkout(settings, tmp_path, 7, "Fix add", "acme/app")
    assert checkout.root == task_dir(tmp_path, 7) / "acme" / "app"
    assert (checkout.branch, checkout.base) == ("ga/7-fix-add", "main")
    assert _git(checkout.root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "ga/7-fix-add"
    assert _git(checkout.root, "rev-parse", "origin/main").strip() == checkout.base_sha
    token = gitea.token.encode()
    for path in (checkout.root / ".git").rglob("*"):
        if path.is_file():
            assert token not in path.read_bytes(), path
    assert gitea.url in _git(checkout.root, "remote", "get-url", "origin")

    assert checkout.changed_files() == {}
    (checkout.root / "app" / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    (checkout.root / "docs").mkdir()
    (checkout.root / "docs" / "new.md").write_text("# New\n")
    (checkout.root / "README.md").unlink()
    (checkout.root / "app" / "__pycache__").mkdir()
    (checkout.root / "app" / "__pycache__" / "calc.cpython-311.pyc").write_bytes(b"\0\1")
    assert checkout.changed_files() == {
        "app/calc.py": "def add(a, b):\n    return a + b\n",
        "docs/new.md": "# New\n",
        "README.md": None,
    }
    diff = checkout.diff()
    assert "-    return a - b\n+    return a + b\n" in diff
    assert "+++ b/docs/new.md" in diff
    assert _git(checkout.root, "status", "--porcelain", "--untracked-files=no").count("\n") == 2

    (checkout.root / "blob.bin").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(WorkbenchError, match=r"blob\.bin is not UTF-8"):
        checkout.changed_files()


async def test_a_retried_task_reuses_its_checkout_and_the_end_removes_it(
    gitea: StandinGitea, tmp_path: Path
) -> None:
    provide = checkout_provider(settings_for(gitea), tmp_path, 8, "Tidy README")
    first = await provide("acme/app")
    (first.root / "README.md").write_text("# app, tidied\n")
    again = await checkout_provider(settings_for(gitea), tmp_path, 8, "Renamed title")("acme/app")
    assert again == first
    assert again.changed_files() == {"README.md": "# app, tidied\n"}
    remove_checkouts(tmp_path, 8)
    assert not task_dir(tmp_path, 8).exists()


def test_only_allowed_repositories_are_cloned(gitea: StandinGitea, tmp_path: Path) -> None:
    with pytest.raises(WriteRefusedError, match="allowlist"):
        prepare_checkout(settings_for(gitea), tmp_path, 9, "x", "other/elsewhere")
    with pytest.raises(WorkbenchError, match="owner/repo"):
        prepare_checkout(settings_for(gitea), tmp_path, 9, "x", "acme/app/../x")


async def test_checkouts_of_tasks_that_ended_elsewhere_are_pruned(
    board: Board, tmp_path: Path
) -> None:
    async with board.sessions() as session:
        tasks = [Task(agent="coder", status=s) for s in ("cancelled", "pending", "active")]
        session.add_all(tasks)
        await session.commit()
        ids = [t.id for t in tasks]
    gone = max(ids) + 1000  # a task the board no longer has
    for task_id in [*ids, gone]:
        (task_dir(tmp_path, task_id) / "acme" / "app").mkdir(parents=True)
    (tmp_path / "task-notes").mkdir()
    runtime = WorkerRuntime(
        board=board, souls={}, sources={}, model_for=lambda _: ScriptedModel(), workspaces=tmp_path
    )
    await runtime.prune_checkouts()
    assert tasks_with_checkouts(tmp_path) == ids[1:]
    assert (tmp_path / "task-notes").is_dir()
