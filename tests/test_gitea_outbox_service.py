"""The outbox service of ``up``: actions run as SAQ jobs when written, the sweep picks up
interrupted ones, unknown kinds are refused (API, agents), without Gitea ``gitea.*`` wait."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from telegram import Bot

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models import Action
from blackboard.models.vocabulary import ActionStatus
from blackboard.runtime import Board
from blackboard.schemas.tasks import TaskIn
from blackboard.services.actions import ActionService
from blackboard.services.tasks import TaskService
from blackboard.splitting import SplitOptions
from controllers.control.apply import apply_contributions
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.jobs import OutboxPolicy, job_key
from controllers.outbox.kinds import UnknownActionKind, enqueue
from controllers.outbox.markers import marker
from controllers.outbox.rights import Principals
from controllers.outbox.secret import outbox_secret
from controllers.outbox.service import outbox_service
from knowledge_sources.contributions import NewAction
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.gitea_standin import git_store
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.team_helpers import wait_for

pytestmark = [pytest.mark.usefixtures("no_violations")]
FAST = OutboxPolicy(retry_delay_s=0.1, sweep_s=1.0)


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    standin.state.add_repo("acme", "notes")
    return standin


class NoBots:
    """A ``BotProvider`` without bots."""

    def bot_for(self, agent: str) -> Bot | None:
        return None


async def _status(board: Board, action_id: int) -> str | None:
    async with board.sessions() as session:
        row = await session.get(Action, action_id)
        return None if row is None else row.status


async def _done(board: Board, action_id: int) -> None:
    async def done() -> bool:
        return await _status(board, action_id) == ActionStatus.DONE

    await wait_for(done, limit_s=20, what=f"action {action_id} done")


async def _job_status(board: Board, action_id: int) -> str | None:
    async with board.sessions() as session:
        found = await session.scalar(
            text("SELECT status FROM saq_jobs WHERE key = :k AND queue = 'outbox'"),
            {"k": job_key(action_id)},
        )
    return None if found is None else str(found)


async def test_actions_run_when_written_not_at_the_next_sync(
    board: Board, gitea: StandinGitea
) -> None:
    settings = settings_for(gitea, sync_interval=3600)
    async with outbox_service(board, settings, NoBots(), load_souls(), FAST):
        action, _ = await enqueue(
            board,
            key="svc-1",
            kind="gitea.wiki.write",
            target="acme/notes",
            payload={"title": "Hello", "content": "# Hello\n"},
        )
        await _done(board, action.id)
        assert await _job_status(board, action.id) == "complete"  # ran as its SAQ job
    repo = gitea.state.repo("acme", "notes")
    assert repo is not None
    page = git_store.read(repo.wiki, "master", "Hello.md") or git_store.read(
        repo.wiki, "main", "Hello.md"
    )
    assert page is not None
    assert page.decode().startswith("# Hello")


class Crash(RuntimeError):
    """Stands for the process dying after Gitea did the write."""


async def test_the_sweep_reconciles_an_interrupted_action_without_writing_again(
    board: Board, gitea: StandinGitea, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = gitea.state.repo("acme", "notes")
    assert repo is not None
    settings = settings_for(gitea)
    action, _ = await enqueue(
        board,
        key="svc-crash-1",
        kind="gitea.issue.create",
        target="acme/notes",
        payload={"title": "Interrupted", "body": "Written before the crash."},
    )

    async def crash(*_: object) -> object:
        raise Crash

    async with GiteaClient(settings) as client:
        channel = GiteaChannel(GiteaAPI(client), settings, outbox_secret(board.settings))
        executor = OutboxExecutor(board, {"gitea": channel}, Principals(load_souls()))
        with monkeypatch.context() as patched:
            patched.setattr(OutboxExecutor, "_finish", crash)
            with pytest.raises(Crash):
                await executor.execute(action.id)
    assert await _status(board, action.id) == ActionStatus.IN_PROGRESS
    assert await _job_status(board, action.id) is None  # no job: only the sweep can find it

    async with outbox_service(board, settings, NoBots(), load_souls(), FAST):
        await _done(board, action.id)
    async with board.sessions() as session:
        done = await ActionService(session).get(action.id)
        trail = [r.event for r in await ActionService(session).audit_trail(action.id)]
    assert done.response["reconciled"] is True
    tag = marker("svc-crash-1", outbox_secret(board.settings))
    issues = [i for i in repo.issues.values() if tag in i.body]
    assert len(issues) == 1
    assert trail == ["created", "in_progress", "in_progress", "done"]


async def test_unknown_kinds_are_refused_when_written(board: Board) -> None:
    with pytest.raises(UnknownActionKind, match=r"gitea\.comment"):
        await enqueue(board, key="bogus-1", kind="gitea.comment", target="acme/x", payload={})
    async with api(board) as client:
        answer = await client.post(
            "/actions",
            json={"idempotency_key": "bogus-2", "kind": "telegram.sticker", "payload": {}},
        )
    assert answer.status_code == 400
    assert "unknown action kind 'telegram.sticker'" in answer.json()["detail"]
    async with board.sessions() as session:
        keys = [a.idempotency_key for a in await ActionService(session).find()]
    assert "bogus-1" not in keys and "bogus-2" not in keys


async def test_without_gitea_its_actions_wait_with_a_log_line(
    board: Board, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="controllers.outbox")
    unconfigured = GiteaSettings(token=None, allow=[])
    async with outbox_service(board, unconfigured, NoBots(), load_souls(), FAST):
        action, _ = await enqueue(
            board,
            key="svc-nogitea-1",
            kind="gitea.issue.create",
            target="acme/notes",
            payload={"title": "Later"},
        )

        async def logged() -> bool:
            return f"action {action.id} (gitea.issue.create) left pending" in caplog.text

        await wait_for(logged, limit_s=20, what="the left-pending log line")
    assert await _status(board, action.id) == ActionStatus.PENDING
    assert "Gitea is not configured" in caplog.text


async def test_an_agent_contributing_an_unknown_kind_writes_nothing(board: Board) -> None:
    souls = load_souls()
    async with board.sessions() as session:
        task = await TaskService(session).create(TaskIn(agent="researcher", created_by="test"))
    with pytest.raises(UnknownActionKind):
        await apply_contributions(
            board,
            task.id,
            [NewAction(kind="gitea.wiki.delete", key="wipe", target="acme/notes")],
            souls,
            {},
            SplitOptions(),
        )
    async with board.sessions() as session:
        keys = [a.idempotency_key for a in await ActionService(session).find()]
    assert f"task:{task.id}:wipe" not in keys
