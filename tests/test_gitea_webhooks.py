"""The Gitea webhook endpoint: signatures, dedupe, and realistic payloads from the stand-in."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, text

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.api.routes.gitea_webhooks import ENRICHMENT
from controllers.settings import AppSettings
from ingest.gitea.webhooks.signature import sign
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import WEBHOOK_SECRET, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.webhooks import Delivery

pytestmark = pytest.mark.asyncio(loop_scope="session")
EVENTS = ["issues", "issue_comment", "pull_request", "push", "wiki"]


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "site", "The site")
    seed.add_files(standin, repo, {"README.md": "# Site\n", "docs/a.md": "# A\n"})
    return standin


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def api(gitea: StandinGitea) -> AsyncIterator[GiteaAPI]:
    client = GiteaClient(settings_for(gitea))
    api = GiteaAPI(client)
    await api.create_hook(
        "acme", "site", "http://127.0.0.1:9/gitea/webhook", WEBHOOK_SECRET, EVENTS
    )
    yield api
    await client.aclose()


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def app(board: Board, gitea: StandinGitea) -> AsyncIterator[AsyncTestClient[Litestar]]:
    application = create_app(AppSettings(board=board.settings), board=board, token="test-token")
    settings = settings_for(gitea)
    application.state.gitea_settings = settings
    application.state.gitea_client_factory = lambda: GiteaClient(settings)
    async with AsyncTestClient(app=application) as client:
        yield client


async def _events(board: Board) -> int:
    async with board.sessions() as session:
        return int((await session.execute(text("SELECT count(*) FROM board_events"))).scalar_one())


async def _entry(board: Board, uri: str) -> Entry | None:
    async with board.sessions() as session:
        found: Entry | None = await session.scalar(select(Entry).where(Entry.source_uri == uri))
        return found


async def _deliver(app: AsyncTestClient[Litestar], delivery: Delivery) -> dict[str, object]:
    """Deliver, then wait for the background enrichment from the API to end."""
    response = await app.post("/gitea/webhook", content=delivery.body, headers=delivery.headers)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    await _enriched(app)
    return body


async def _enriched(app: AsyncTestClient[Litestar]) -> None:
    """Wait for the app's background enrichment (it runs on the test client's portal loop)."""
    enrichment = app.app.state.get(ENRICHMENT)
    if enrichment is not None:
        await asyncio.to_thread(app.blocking_portal.call, enrichment.drain)


def _take(gitea: StandinGitea, event: str) -> Delivery:
    found = [d for d in gitea.deliveries if d.event == event]
    assert found, f"no {event} delivery"
    gitea.deliveries.clear()
    return found[-1]


async def test_signed_issue_delivery_updates_the_board(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    issue = await api.create_issue("acme", "site", "Login is broken", "Steps: ...")
    delivery = _take(gitea, "issues")
    assert delivery.headers["X-Gitea-Signature"] == sign(WEBHOOK_SECRET, delivery.body)
    answer = await _deliver(app, delivery)
    assert answer["status"] == "stored"
    entry = await _entry(board, f"{gitea.url}/acme/site/issues/{issue['number']}")
    assert entry is not None and entry.title == "Login is broken" and entry.status == "open"


async def test_bad_or_missing_signature_is_refused_and_stores_nothing(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    await api.create_issue("acme", "site", "Should not land", "x")
    delivery = _take(gitea, "issues")
    before = await _events(board)
    bad = dict(delivery.headers, **{"X-Gitea-Signature": "0" * 64})
    missing = {k: v for k, v in delivery.headers.items() if k != "X-Gitea-Signature"}
    for headers in (bad, missing):
        response = await app.post("/gitea/webhook", content=delivery.body, headers=headers)
        assert response.status_code == 401
    tampered = delivery.body.replace(b"Should not land", b"Tampered title!")
    response = await app.post("/gitea/webhook", content=tampered, headers=delivery.headers)
    assert response.status_code == 401
    assert await _events(board) == before


async def test_replayed_delivery_is_ignored(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    await api.create_issue("acme", "site", "Replayed once", "x")
    delivery = _take(gitea, "issues")
    assert (await _deliver(app, delivery))["status"] == "stored"
    before = await _events(board)
    assert (await _deliver(app, delivery))["status"] == "duplicate"
    assert await _events(board) == before


async def test_comment_pull_push_and_wiki_payloads(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    base = f"{gitea.url}/acme/site"
    await api.create_comment("acme", "site", 1, "I can reproduce this")
    comment = _take(gitea, "issue_comment")
    assert (await _deliver(app, comment))["status"] == "stored"
    payload = json.loads(comment.body)
    stored = await _entry(board, f"{base}/issues/1#issuecomment-{payload['comment']['id']}")
    assert stored is not None and stored.body == "I can reproduce this"

    await api.create_branch("acme", "site", "fix-login", "main")
    gitea.deliveries.clear()
    pull = await api.create_pull("acme", "site", head="fix-login", base="main", title="Fix login")
    assert (await _deliver(app, _take(gitea, "pull_request")))["status"] == "stored"
    stored = await _entry(board, f"{base}/pulls/{pull['number']}")
    assert stored is not None and stored.meta["head"] == "fix-login"

    readme = await api.contents("acme", "site", "docs/a.md")
    await api.write_file(
        "acme",
        "site",
        "docs/a.md",
        "# A\n\nNow documented.\n",
        branch="main",
        message="Document A",
        sha=readme["sha"],
    )
    assert (await _deliver(app, _take(gitea, "push")))["status"] == "stored"
    stored = await _entry(board, f"{base}/src/branch/main/docs/a.md")
    assert stored is not None and "Now documented." in stored.body

    await api.create_wiki_page("acme", "site", "Release Plan", "# Plan\n\nShip it.")
    assert (await _deliver(app, _take(gitea, "wiki")))["status"] == "stored"
    stored = await _entry(board, f"{base}/wiki/Release-Plan")
    assert stored is not None and "Ship it." in stored.body

    await api.client.call("repoDeleteWikiPage", owner="acme", repo="site", pageName="Release-Plan")
    assert (await _deliver(app, _take(gitea, "wiki")))["status"] == "stored"
    stored = await _entry(board, f"{base}/wiki/Release-Plan")
    assert stored is not None and stored.status == "gone"


async def test_label_change_arrives_as_an_issues_event(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    label = await api.client.data(
        "issueCreateLabel", owner="acme", repo="site", body={"name": "urgent", "color": "#ff0000"}
    )
    await api.add_labels("acme", "site", 1, [label["id"]])
    delivery = _take(gitea, "issues")
    assert delivery.headers["X-Gitea-Event-Type"] == "issue_label"
    assert (await _deliver(app, delivery))["status"] == "stored"
    entry = await _entry(board, f"{gitea.url}/acme/site/issues/1")
    assert entry is not None and "label:urgent" in entry.tags


async def test_unknown_events_are_acknowledged_and_ignored(
    app: AsyncTestClient[Litestar], board: Board
) -> None:
    body = json.dumps({"action": "created", "repository": {"full_name": "acme/site"}}).encode()
    headers = {
        "X-Gitea-Event": "fork",
        "X-Gitea-Delivery": "fork-1",
        "X-Gitea-Signature": sign(WEBHOOK_SECRET, body),
        "Content-Type": "application/json",
    }
    before = await _events(board)
    response = await app.post("/gitea/webhook", content=body, headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert await _events(board) == before


async def test_a_replayed_older_delivery_with_a_new_id_does_not_roll_the_board_back(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    issue = await api.create_issue("acme", "site", "Original title", "x")
    opened = _take(gitea, "issues")
    assert (await _deliver(app, opened))["status"] == "stored"
    await api.edit_issue("acme", "site", issue["number"], title="Edited title")
    assert (await _deliver(app, _take(gitea, "issues")))["status"] == "stored"
    uri = f"{gitea.url}/acme/site/issues/{issue['number']}"
    edited = await _entry(board, uri)
    assert edited is not None and edited.title == "Edited title"

    replay = dict(opened.headers, **{"X-Gitea-Delivery": "replayed-1", "X-Gogs-Delivery": "r-1"})
    response = await app.post("/gitea/webhook", content=opened.body, headers=replay)
    assert response.status_code == 200, response.text
    after = await _entry(board, uri)
    assert after is not None and after.title == "Edited title"
    assert after.version == edited.version  # not written at all
