"""Helpers for the coder's and the doc writer's tests: a team of one with checkouts from the
stand-in Gitea and the sandbox, the sandbox's settings here, and reading the stand-in's git."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from dulwich.objects import Commit, ObjectID

from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import Soul
from knowledge_sources.workbench.sandbox import SandboxUnavailableError, run_sandboxed
from knowledge_sources.workbench.sandbox_settings import SandboxSettings
from tests.gitea_standin import git_store
from tests.gitea_standin.fixtures import settings_for
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.state import Issue, Repo


async def sandbox_here() -> SandboxSettings:
    """Bubblewrap where it isolates here; else isolation turned off explicitly (as an operator
    would), so the gate's checks still run."""
    isolated = SandboxSettings(isolation="bubblewrap")
    with tempfile.TemporaryDirectory() as folder:
        try:
            await run_sandboxed(["true"], workdir=Path(folder), settings=isolated)
        except SandboxUnavailableError:
            return SandboxSettings(isolation="off")
    return isolated


@asynccontextmanager
async def team_of_one(
    board: Board, soul: Soul, model: ScriptedModel, server: StandinGitea, workspaces: Path
) -> AsyncIterator[Team]:
    """``soul`` at work with ``model``, cloning from ``server`` into ``workspaces``."""
    team = Team(
        board,
        {soul.name: soul},
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
        gitea=settings_for(server),
        workspaces=workspaces,
        sandbox=await sandbox_here(),
    )
    await team.start()
    try:
        yield team
    finally:
        await team.stop()


def pulls(repo: Repo) -> list[Issue]:
    """The repository's pull requests."""
    return [issue for issue in repo.issues.values() if issue.pull is not None]


def branch_file(repo: Repo, branch: str, path: str) -> str | None:
    """A file's text at the head of ``branch`` (None: no such file or branch)."""
    data = git_store.read(repo.git, branch, path)
    return data.decode() if data is not None else None


def branch_commits(repo: Repo, branch: str) -> list[Commit]:
    """The commits on ``branch`` down to the default branch's head, newest first."""
    base = git_store.head(repo.git, repo.default_branch)
    sha = git_store.head(repo.git, branch)
    commits: list[Commit] = []
    while sha and sha != base:
        commit = repo.git[ObjectID(sha.encode())]
        assert isinstance(commit, Commit)
        commits.append(commit)
        sha = commit.parents[0].decode() if commit.parents else None
    return commits
