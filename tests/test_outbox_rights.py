"""Issue 16 hole 6: the outbox checks who asks for every write, and read-only mode stops them all.

An action of an unknown principal, or one its soul has no right to, is refused at ``POST
/actions`` (400) and, when written some other way, refused by the executor before anything
reaches the Gitea stand-in. Read-only mode refuses every Gitea write, ``gitea hooks install``
included.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from click.testing import CliRunner

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import WriteRefusedError
from blackboard.models.vocabulary import ActionStatus
from blackboard.runtime import Board
from blackboard.schemas.actions import ActionIn
from blackboard.services.actions import ActionService
from controllers.cli.app import cli_env
from controllers.cli.commands import gitea as gitea_command
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.rights import Principals
from controllers.settings import AppSettings
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea

pytestmark = [pytest.mark.usefixtures("no_violations")]


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "guarded")
    seed.add_files(standin, repo, {"README.md": "# guarded\n"})
    seed.add_issue(standin, repo, "Stays open")
    return standin


@pytest_asyncio.fixture(loop_scope="session")
async def outbox(board: Board, gitea: StandinGitea) -> AsyncIterator[OutboxExecutor]:
    settings = settings_for(gitea)
    async with GiteaClient(settings) as client:
        channel = GiteaChannel(GiteaAPI(client), settings, b"rights-test-secret")
        yield OutboxExecutor(board, {"gitea": channel}, Principals(load_souls()))


async def test_post_actions_refuses_unknown_principals_and_missing_rights(board: Board) -> None:
    async with api(board) as client:
        nobody = await client.post(
            "/actions",
            json={
                "idempotency_key": "rights-api-1",
                "kind": "gitea.comment.create",
                "target": "acme/guarded",
                "agent": "nobody-at-all",
                "payload": {"index": 1, "body": "hi"},
            },
        )
        researcher_closes = await client.post(
            "/actions",
            json={
                "idempotency_key": "rights-api-2",
                "kind": "gitea.issue.edit",  # needs close_issue; the researcher has none
                "target": "acme/guarded",
                "agent": "researcher",
                "payload": {"index": 1, "state": "closed"},
            },
        )
        person = await client.post(
            "/actions",
            json={
                "idempotency_key": "rights-api-3",
                "kind": "gitea.comment.create",
                "target": "acme/guarded",
                "payload": {"index": 1, "body": "a person may comment"},
            },
        )
        person_speaks = await client.post(
            "/actions",
            json={
                "idempotency_key": "rights-api-4",
                "kind": "telegram.message",  # people have no bot: not a human right
                "target": "-100",
                "payload": {"chat_id": -100, "text": "hi"},
            },
        )
    assert nobody.status_code == 400
    assert "'nobody-at-all' is neither a soul nor a human principal" in nobody.json()["detail"]
    assert researcher_closes.status_code == 400
    assert "researcher may not take action 'gitea.issue.edit'" in researcher_closes.json()["detail"]
    assert person.status_code == 201, person.text
    assert person_speaks.status_code == 400
    async with board.sessions() as session:
        keys = {a.idempotency_key for a in await ActionService(session).find(limit=1000)}
    assert {"rights-api-1", "rights-api-2", "rights-api-4"}.isdisjoint(keys)


async def test_the_executor_refuses_actions_nobody_may_take(
    board: Board, outbox: OutboxExecutor, gitea: StandinGitea
) -> None:
    """Rows written past the API (any other path) are checked again before they are claimed."""
    before = len(gitea.requests)
    planted = [
        ActionIn(
            idempotency_key="rights-exec-ghost",
            kind="gitea.comment.create",
            target="acme/guarded",
            agent="ghost",
            payload={"index": 1, "body": "written by nobody"},
        ),
        ActionIn(
            idempotency_key="rights-exec-close",
            kind="gitea.issue.edit",
            target="acme/guarded",
            agent="researcher",
            payload={"index": 1, "state": "closed"},
        ),
        ActionIn(
            idempotency_key="rights-exec-wiki",
            kind="gitea.wiki.write",
            target="acme/guarded",
            agent="planner",  # the planner has no wiki right
            payload={"title": "Planted", "content": "# no"},
        ),
    ]
    ids = []
    async with board.sessions() as session:
        for data in planted:
            action, _ = await ActionService(session).create(data)
            ids.append(action.id)
    results = [await outbox.execute(action_id) for action_id in ids]
    assert [r.status for r in results] == [ActionStatus.REFUSED] * 3
    assert "'ghost' is neither a soul nor a human principal" in (results[0].error or "")
    assert "researcher may not take action 'gitea.issue.edit'" in (results[1].error or "")
    assert "planner may not take action 'gitea.wiki.write'" in (results[2].error or "")
    async with board.sessions() as session:
        trails = [[r.event for r in await ActionService(session).audit_trail(i)] for i in ids]
    assert trails == [["created", "refused"]] * 3  # never claimed, never performed
    repo = gitea.state.repo("acme", "guarded")
    assert repo is not None
    assert not repo.comments
    assert [i.state for i in repo.issues.values()] == ["open"]
    assert gitea.requests[before:] == []  # Gitea was not even asked


async def test_read_only_mode_refuses_every_gitea_write(gitea: StandinGitea) -> None:
    before = len(gitea.requests)
    async with GiteaClient(settings_for(gitea, read_only=True)) as client:
        api_ = GiteaAPI(client)
        with pytest.raises(WriteRefusedError, match="read-only mode"):
            await api_.create_comment("acme", "guarded", 1, "not while read-only")
        with pytest.raises(WriteRefusedError, match="read-only mode"):
            await api_.create_hook("acme", "guarded", "http://127.0.0.1:9/hook", "s", ["push"])
        assert (await api_.repo("acme", "guarded"))["name"] == "guarded"  # reads still work
    assert [r[0] for r in gitea.requests[before:]] == ["GET"]


def test_hooks_install_is_refused_in_read_only_mode(gitea: StandinGitea) -> None:
    obj = cli_env(AppSettings(gitea=settings_for(gitea, read_only=True)))
    result = CliRunner().invoke(gitea_command.gitea_group, ["hooks", "install"], obj=obj)
    assert result.exit_code == 1
    assert "read-only mode (GA_GITEA_READ_ONLY)" in result.output
    repo = gitea.state.repo("acme", "guarded")
    assert repo is not None and not repo.hooks
