"""An outbox worker killed with SIGKILL after the push and before the pull request: the retry
finds its commit (no second push) and opens exactly one pull request; a later publish for the
same branch reuses that pull request."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest
from sqlalchemy import select

from blackboard.models import Action
from blackboard.runtime import Board
from controllers.outbox.kinds import enqueue
from tests.cli_runner import cli_env
from tests.gitea_standin import git_store, seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.publish_support import coder_soul, commit_model, run_outbox, run_task
from tests.team_helpers import wait_for

SECRET = b"crash-test-secret"

pytestmark = pytest.mark.usefixtures("no_violations")


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "app")
    seed.add_files(standin, repo, {"app/calc.py": "def add(a, b):\n    return a - b\n"})
    return standin


def _outbox_process(
    board: Board, gitea: StandinGitea, marker: Path, log: BinaryIO
) -> subprocess.Popen[bytes]:
    env = cli_env(
        DATABASE_URL=board.db.uri,
        GA_GITEA_URL=gitea.url,
        GA_GITEA_TOKEN=gitea.token,
        GA_GITEA_ALLOW="acme",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "tests.publish_process", str(marker), SECRET.hex()],
        env=env,
        cwd=Path(__file__).parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


async def test_killed_after_the_push_the_retry_opens_one_pull_request_and_pushes_once(
    board: Board, gitea: StandinGitea, tmp_path: Path
) -> None:
    settings = settings_for(gitea)
    souls = {"coder": coder_soul("coder", "open_problem")}
    task = await run_task(
        board,
        souls,
        settings,
        tmp_path / "workspaces",
        {
            "kind": "open_problem",
            "title": "add() subtracts",
            "body": "add(2, 2) gives 0.",
            "meta": {
                "repo": "acme/app",
                "path": "app/calc.py",
                "old": "return a - b",
                "new": "return a + b",
            },
        },
        commit_model(),
    )
    assert task.status == "done", task.error
    branch = f"ga/{task.id}-add-subtracts"
    repo = gitea.state.repo("acme", "app")
    assert repo is not None

    marker = tmp_path / "pushed"
    log = tmp_path / "outbox.log"
    with log.open("wb") as stderr:
        first = _outbox_process(board, gitea, marker, stderr)
    try:

        async def pushed() -> bool:
            if first.poll() is not None:
                async with board.sessions() as session:
                    rows = (await session.scalars(select(Action))).all()
                why = [(a.id, a.kind, a.status, a.error) for a in rows] + [task.result]
                raise AssertionError(f"{why}\n{log.read_text()}")
            return marker.exists()

        await wait_for(pushed, limit_s=60, what="the outbox process to push")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(10)
    pushed_sha = git_store.head(repo.git, branch)
    assert pushed_sha is not None
    assert not any(i.pull for i in repo.issues.values())

    retried = await run_outbox(board, settings, souls, SECRET)
    assert [(a.kind, a.status) for a in retried] == [
        ("gitea.file.commit", "done"),
        ("gitea.pull.create", "done"),
    ]
    assert retried[0].response["reconciled"] is True
    assert git_store.head(repo.git, branch) == pushed_sha
    pulls = [i for i in repo.issues.values() if i.pull is not None]
    assert len(pulls) == 1 and pulls[0].pull is not None and pulls[0].pull.head == branch

    assert await run_outbox(board, settings, souls, SECRET) == []
    async with board.sessions() as session:
        keys = (
            await session.scalars(select(Action.idempotency_key).where(Action.task_id == task.id))
        ).all()
    assert sorted(keys) == [f"task:{task.id}:commit", f"task:{task.id}:pull"]

    follow_up, _ = await enqueue(
        board,
        key="follow-up:pull",
        kind="gitea.pull.create",
        target="acme/app",
        payload={"head": branch, "title": "again", "body": "a follow-up commit's publish"},
        agent="coder",
    )
    (reused,) = await run_outbox(board, settings, souls, SECRET)
    assert reused.id == follow_up.id and reused.status == "done"
    assert reused.response["reused"] is True and reused.response["number"] == pulls[0].number
    assert len([i for i in repo.issues.values() if i.pull is not None]) == 1
