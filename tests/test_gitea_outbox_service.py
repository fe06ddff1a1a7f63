"""The Gitea service of ``up``: an outbox action is executed as soon as it is written."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from blackboard.models import Action
from blackboard.runtime import Board
from controllers.outbox.executor import enqueue
from controllers.outbox.service import run_forever
from tests.gitea_standin import git_store
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.team_helpers import wait_for

pytestmark = [pytest.mark.usefixtures("no_violations")]


async def test_actions_run_when_written_not_at_the_next_sync(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    standin.state.add_user("acme", is_org=True)
    standin.state.add_repo("acme", "notes")
    service = asyncio.create_task(run_forever(board, settings_for(standin, sync_interval=3600)))
    try:
        await asyncio.sleep(1.0)  # the first sync round and the listener start
        action, _ = await enqueue(
            board,
            key="svc-1",
            kind="gitea.wiki.write",
            target="acme/notes",
            payload={"title": "Hello", "content": "# Hello\n"},
        )

        async def done() -> bool:
            async with board.sessions() as session:
                row = await session.get(Action, action.id)
                return row is not None and row.status == "done"

        await wait_for(done, limit_s=15, what="the outbox action")
    finally:
        service.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await service
    repo = standin.state.repo("acme", "notes")
    assert repo is not None
    page = git_store.read(repo.wiki, "master", "Hello.md") or git_store.read(
        repo.wiki, "main", "Hello.md"
    )
    assert page is not None
    assert page.decode().startswith("# Hello")
