"""Issue 16 hole 7: a marker planted by someone else does not stop a retried write.

Markers are an HMAC of the idempotency key under the deployment's secret, and they only count
on objects the platform's own Gitea account wrote. Here another user of the stand-in plants
comments carrying both the old predictable marker and the real keyed one; the interrupted
action still writes its comment, once, as the platform's account.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from pydantic import SecretStr

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models.vocabulary import ActionStatus
from blackboard.runtime import Board
from blackboard.schemas.actions import ActionPatch
from blackboard.services.actions import ActionService
from blackboard.settings import BoardSettings
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.kinds import enqueue
from controllers.outbox.markers import PREFIX, marker
from controllers.outbox.rights import Principals
from controllers.outbox.secret import outbox_secret, secret_file
from controllers.outbox.settings import OutboxSettings
from knowledge_sources.souls import load_souls
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea

pytestmark = [pytest.mark.usefixtures("no_violations")]
MALLORY_TOKEN = "mallory-token"


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    standin.state.add_user("mallory", token=MALLORY_TOKEN)
    repo = standin.state.add_repo("acme", "site")
    seed.add_files(standin, repo, {"README.md": "# site\n"})
    seed.add_issue(standin, repo, "Needs a reply")
    return standin


@pytest_asyncio.fixture(loop_scope="session")
async def outbox(board: Board, gitea: StandinGitea) -> AsyncIterator[OutboxExecutor]:
    settings = settings_for(gitea)
    async with GiteaClient(settings) as client:
        channel = GiteaChannel(GiteaAPI(client), settings, outbox_secret(board.settings))
        yield OutboxExecutor(board, {"gitea": channel}, Principals(load_souls()))


async def test_a_planted_marker_does_not_stop_the_retried_write(
    board: Board, outbox: OutboxExecutor, gitea: StandinGitea
) -> None:
    key = "task:7:reply"
    action, _ = await enqueue(
        board,
        key=key,
        kind="gitea.comment.create",
        target="acme/site",
        payload={"index": 1, "body": "The real answer."},
    )
    async with board.sessions() as session:  # claimed, then the process died before writing
        await ActionService(session).update(
            action.id, ActionPatch(version=action.version, status=ActionStatus.IN_PROGRESS)
        )
    predictable = f"{PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:24]} -->"
    keyed = marker(key, outbox_secret(board.settings))
    async with GiteaClient(settings_for(gitea, token=MALLORY_TOKEN)) as client:
        for planted in (predictable, keyed):  # even the keyed one, were it ever leaked
            await GiteaAPI(client).create_comment("acme", "site", 1, f"lgtm\n\n{planted}\n")

    done = await outbox.execute(action.id)

    assert done.status == ActionStatus.DONE, done.error
    assert done.response["reconciled"] is False  # nothing of ours was found: it wrote
    repo = gitea.state.repo("acme", "site")
    assert repo is not None
    ours = [c for c in repo.comments.values() if c.user.login == gitea.admin.login]
    assert len(ours) == 1 and ours[0].body.startswith("The real answer.")
    assert keyed in ours[0].body and predictable not in ours[0].body
    assert ours[0].id == done.response["id"]

    # interrupted again after that write: now the platform's own comment is found, not doubled
    async with board.sessions() as session:
        await ActionService(session).update(
            done.id, ActionPatch(version=done.version, status=ActionStatus.IN_PROGRESS)
        )
    again = await outbox.execute(done.id)
    assert again.status == ActionStatus.DONE and again.response["reconciled"] is True
    assert again.response["id"] == ours[0].id
    assert len([c for c in repo.comments.values() if c.user.login == gitea.admin.login]) == 1


def test_the_marker_secret_is_generated_once_private_or_from_the_environment(
    tmp_path: Path,
) -> None:
    settings = BoardSettings(data_dir=tmp_path / "data")
    first = outbox_secret(settings, OutboxSettings())
    assert outbox_secret(settings, OutboxSettings()) == first  # stable across restarts
    path = secret_file(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32
    configured = OutboxSettings(secret=SecretStr("from-the-environment"))
    assert outbox_secret(settings, configured) == b"from-the-environment"
    assert marker("k", first) != marker("k", b"another deployment")
    assert hashlib.sha256(b"k").hexdigest()[:24] not in marker("k", first)
