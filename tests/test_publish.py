"""A task's change on the stand-in Gitea: a branch with the precise edit, a green gate, a signed
commit that ``git verify-commit`` accepts, and one pull request; real team, board and outbox."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text

from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.runtime import Board
from tests.gitea_standin import git_store, seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.publish_support import (
    BODY,
    SUBJECT,
    allowed_signers,
    coder_soul,
    commit_model,
    run_outbox,
    run_task,
    ssh_key,
)

SECRET = b"publish-test-secret"
CALC = "def add(a, b):\n    return a - b\n"

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.usefixtures("no_violations")]


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "app")
    seed.add_files(standin, repo, {"README.md": "# app\n", "app/calc.py": CALC})
    seed.add_issue(standin, repo, "add() subtracts")
    return standin


@pytest_asyncio.fixture(loop_scope="session")
async def signed(gitea: StandinGitea, tmp_path: Path) -> AsyncIterator[GiteaSettings]:
    yield settings_for(gitea, signing_key=ssh_key(tmp_path))


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


async def test_a_task_yields_a_branch_a_signed_commit_and_one_pull_request(
    board: Board,
    gitea: StandinGitea,
    signed: GiteaSettings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    souls = {"coder": coder_soul("coder", "open_problem", git={"email": "coder@example.org"})}
    workspaces = tmp_path / "workspaces"
    task = await run_task(
        board,
        souls,
        signed,
        workspaces,
        {
            "kind": "open_problem",
            "title": "add() subtracts",
            "body": "Totals are wrong: add(2, 2) gives 0.",
            "meta": {
                "repo": "acme/app",
                "path": "app/calc.py",
                "old": "return a - b",
                "new": "return a + b",
                "closes": 1,
            },
        },
        commit_model(),
    )
    assert task.status == "done", task.error
    assert not (workspaces / f"task-{task.id}").exists()
    branch = f"ga/{task.id}-add-subtracts"
    actions = await run_outbox(board, signed, souls, SECRET)
    assert [(a.kind, a.status) for a in actions] == [
        ("gitea.file.commit", "done"),
        ("gitea.pull.create", "done"),
    ]

    repo = gitea.state.repo("acme", "app")
    assert repo is not None
    assert git_store.read(repo.git, branch, "app/calc.py") == b"def add(a, b):\n    return a + b\n"
    assert git_store.read(repo.git, "main", "app/calc.py") == CALC.encode()
    pulls = [i for i in repo.issues.values() if i.pull is not None]
    assert len(pulls) == 1 and pulls[0].pull is not None
    assert (pulls[0].pull.head, pulls[0].pull.base, pulls[0].title) == (
        branch,
        "main",
        "add() subtracts",
    )
    body = pulls[0].body
    assert "Closes #1" in body and f"Board task: #{task.id}" in body
    assert "Gate: passed (parses; compile passed)." in body

    clone = tmp_path / "clone"
    _git("clone", "-q", "-b", branch, f"{gitea.url}/acme/app.git", str(clone), cwd=tmp_path)
    assert _git("rev-list", "--count", "origin/main..HEAD", cwd=clone).strip() == "1"
    message = _git("log", "-1", "--format=%B", cwd=clone)
    assert message.startswith(f"fix: {SUBJECT}\n\n{BODY}\n")
    assert f"Board-Task: {task.id}" in message
    assert _git("log", "-1", "--format=%an <%ae>|%cn <%ce>", cwd=clone).strip() == (
        "coder <coder@example.org>|coder <coder@example.org>"
    )
    assert signed.signing_key is not None
    allowed = allowed_signers(signed.signing_key, "coder@example.org", tmp_path)
    verified = _git(
        "-c", f"gpg.ssh.allowedSignersFile={allowed}", "verify-commit", "HEAD", cwd=clone
    )
    assert 'Good "git" signature' in verified

    token = signed.token_value
    assert token
    async with board.sessions() as session:
        rows = (await session.execute(text("SELECT payload::text FROM actions"))).scalars()
        tasks = (await session.execute(text("SELECT result::text FROM tasks"))).scalars()
        assert all(token not in row for row in [*rows, *tasks])
    assert caplog.records and token not in caplog.text
