"""Outbox writes to the stand-in: once after a crash, policy refusals, wiki over API and git."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from blackboard.connectors.gitea import git_ops
from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.runtime import Board
from blackboard.services.actions import ActionService
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.kinds import enqueue
from controllers.outbox.markers import marker
from controllers.outbox.rights import Principals
from knowledge_sources.souls import load_souls
from tests.gitea_standin import git_store, seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea

SECRET = b"test-marker-secret"
PRINCIPALS = Principals(load_souls())

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.usefixtures("no_violations")]


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    standin.state.add_user("other", is_org=True)
    repo = standin.state.add_repo("acme", "site")
    seed.add_files(standin, repo, {"README.md": "# site\n"})
    seed.add_issue(standin, repo, "Needs a reply")
    repo.protected.add("release")
    git_store.set_branch(repo.git, "release", git_store.head(repo.git, "main") or "")
    standin.state.add_repo("other", "elsewhere")
    return standin


@pytest_asyncio.fixture(loop_scope="session")
async def outbox(board: Board, gitea: StandinGitea) -> AsyncIterator[OutboxExecutor]:
    settings = settings_for(gitea)
    async with GiteaClient(settings) as client:
        yield OutboxExecutor(
            board, {"gitea": GiteaChannel(GiteaAPI(client), settings, SECRET)}, PRINCIPALS
        )


def _gitea(outbox: OutboxExecutor) -> GiteaChannel:
    channel = outbox.channels["gitea"]
    assert isinstance(channel, GiteaChannel)
    return channel


class Crash(RuntimeError):
    """Stands for the process dying after Gitea did the write."""


async def test_a_retried_write_after_a_crash_posts_exactly_once(
    board: Board, outbox: OutboxExecutor, gitea: StandinGitea, monkeypatch: pytest.MonkeyPatch
) -> None:
    action, _ = await enqueue(
        board,
        key="reply-1",
        kind="gitea.comment.create",
        target="acme/site",
        payload={"index": 1, "body": "On it."},
    )

    async def crash(*_: object) -> object:
        raise Crash

    with monkeypatch.context() as patched:
        patched.setattr(OutboxExecutor, "_finish", crash)
        with pytest.raises(Crash):
            await outbox.execute(action.id)
    done = (await outbox.run_pending())[0]
    assert done.status == "done" and done.response["reconciled"] is True
    site = gitea.state.repo("acme", "site")
    assert site is not None
    posted = [c for c in site.comments.values() if marker("reply-1", SECRET) in c.body]
    assert len(posted) == 1 and posted[0].body.startswith("On it.")
    again, created = await enqueue(
        board,
        key="reply-1",
        kind="gitea.comment.create",
        target="acme/site",
        payload={"index": 1, "body": "On it."},
    )
    assert not created and (await outbox.execute(again.id)).status == "done"
    assert len([c for c in site.comments.values() if marker("reply-1", SECRET) in c.body]) == 1
    async with board.sessions() as session:
        trail = [r.event for r in await ActionService(session).audit_trail(action.id)]
    assert trail == ["created", "in_progress", "in_progress", "done"]


async def test_wiki_page_written_by_the_platform_is_in_a_git_clone(
    board: Board, outbox: OutboxExecutor, gitea: StandinGitea, tmp_path: Path
) -> None:
    action, _ = await enqueue(
        board,
        key="note-1",
        kind="gitea.wiki.write",
        target="acme/site",
        payload={"title": "Research Note", "content": "# Findings\n"},
    )
    assert (await outbox.execute(action.id)).status == "done"
    await asyncio.to_thread(
        subprocess.run,
        ["git", "clone", "-q", f"{gitea.url}/acme/site.wiki.git", str(tmp_path / "wiki")],
        check=True,
        timeout=60,
    )
    text = (tmp_path / "wiki" / "Research-Note.md").read_text()
    assert text.startswith("# Findings") and marker("note-1", SECRET) in text


async def test_wiki_page_written_over_git_is_served_by_the_api(
    board: Board, outbox: OutboxExecutor
) -> None:
    action, _ = await enqueue(
        board,
        key="note-2",
        kind="gitea.wiki.git",
        target="acme/site",
        payload={"title": "Design Notes", "content": "# Design\n"},
    )
    assert (await outbox.execute(action.id)).status == "done", action
    page = await _gitea(outbox).api.wiki_page("acme", "site", "Design-Notes")
    assert page["title"] == "Design Notes"


async def test_code_arrives_on_a_branch_and_a_pull_request(
    board: Board, outbox: OutboxExecutor, gitea: StandinGitea
) -> None:
    commit, _ = await enqueue(
        board,
        key="fix-1",
        kind="gitea.file.commit",
        target="acme/site",
        payload={
            "branch": "fix-readme",
            "message": "Fix the readme",
            "files": {"README.md": "# site\n\nFixed.\n", "docs/new.md": "# New\n"},
        },
    )
    assert (await outbox.execute(commit.id)).status == "done"
    pull, _ = await enqueue(
        board,
        key="pr-1",
        kind="gitea.pull.create",
        target="acme/site",
        payload={"head": "fix-readme", "title": "Fix the readme"},
    )
    done = await outbox.execute(pull.id)
    assert done.status == "done" and done.response["number"]
    site = gitea.state.repo("acme", "site")
    assert site is not None
    assert git_store.read(site.git, "fix-readme", "docs/new.md") == b"# New\n"
    assert git_store.read(site.git, "main", "docs/new.md") is None


async def test_writes_to_the_default_or_a_protected_branch_are_refused(
    board: Board, outbox: OutboxExecutor, gitea: StandinGitea
) -> None:
    site = gitea.state.repo("acme", "site")
    assert site is not None
    before = git_store.branches(site.git)
    for n, branch in enumerate(("main", "release")):
        action, _ = await enqueue(
            board,
            key=f"push-{n}",
            kind="gitea.file.commit",
            target="acme/site",
            payload={
                "branch": branch,
                "message": "direct",
                "files": {"README.md": "overwritten\n"},
            },
        )
        refused = await outbox.execute(action.id)
        assert refused.status == "refused" and branch in (refused.error or "")
    assert git_store.branches(site.git) == before
    with pytest.raises(GiteaError, match="refused"):
        git_ops.commit_files(
            _gitea(outbox).settings,
            "acme",
            "site",
            base="main",
            branch="release",
            files={"README.md": "x\n"},
            message="around the outbox",
        )
    assert git_store.branches(site.git) == before


async def test_read_only_mode_and_the_allowlist_refuse_writes(
    board: Board, outbox: OutboxExecutor, gitea: StandinGitea
) -> None:
    outside, _ = await enqueue(
        board,
        key="outside-1",
        kind="gitea.issue.create",
        target="other/elsewhere",
        payload={"title": "hi"},
    )
    assert (await outbox.execute(outside.id)).status == "refused"
    read_only = OutboxExecutor(
        board,
        {"gitea": GiteaChannel(_gitea(outbox).api, settings_for(gitea, read_only=True), SECRET)},
        PRINCIPALS,
    )
    action, _ = await enqueue(
        board,
        key="ro-1",
        kind="gitea.issue.create",
        target="acme/site",
        payload={"title": "should not exist"},
    )
    refused = await read_only.execute(action.id)
    assert refused.status == "refused" and "read-only" in (refused.error or "")
    site = gitea.state.repo("acme", "site")
    assert site is not None
    assert not [i for i in site.issues.values() if i.title == "should not exist"]
