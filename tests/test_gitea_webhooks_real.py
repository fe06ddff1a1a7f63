"""Webhooks as real Gitea versions send them (issue 16, hole 13): payloads built from the
stand-in's deliveries, then altered the way other versions differ (nulls for empty lists, pull
requests without ``id``/``number``, review events, ``X-Gitea-Event-Type`` variants), are stored,
never answered with a 500; and a delivery is answered well within Gitea's 5 s timeout while the
API hangs or is down, the entry stored at once and completed afterwards."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.api.routes.gitea_webhooks import ENRICHMENT
from controllers.settings import AppSettings
from ingest.gitea.mirror.sync import Mirror
from ingest.gitea.webhooks.signature import sign
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import WEBHOOK_SECRET, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.webhooks import Delivery

pytestmark = pytest.mark.asyncio(loop_scope="session")
EVENTS = ["issues", "issue_comment", "pull_request", "push", "wiki"]
LISTS = ("labels", "assignees", "requested_reviewers")
JSON = dict[str, Any]
DELIVERY_TIMEOUT_S = 5.0


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


def _take(gitea: StandinGitea, event: str) -> Delivery:
    found = [d for d in gitea.deliveries if d.event == event]
    assert found, f"no {event} delivery"
    gitea.deliveries.clear()
    return found[-1]


def _variant(
    delivery: Delivery,
    change: Callable[[JSON], object] | None = None,
    event: str | None = None,
    event_type: str | None = None,
) -> Delivery:
    """The delivery as another Gitea version would send it: altered body, new id, re-signed."""
    payload = json.loads(delivery.body)
    if change is not None:
        change(payload)
    body = json.dumps(payload).encode()
    headers = dict(delivery.headers)
    headers["X-Gitea-Delivery"] = headers["X-Gogs-Delivery"] = str(uuid.uuid4())
    if event is not None:
        headers["X-Gitea-Event"] = headers["X-Gogs-Event"] = event
    if event_type == "":
        headers.pop("X-Gitea-Event-Type", None)
    elif event_type is not None:
        headers["X-Gitea-Event-Type"] = event_type
    signature = sign(WEBHOOK_SECRET, body)
    headers["X-Gitea-Signature"] = headers["X-Gogs-Signature"] = signature
    headers["X-Hub-Signature-256"] = f"sha256={signature}"
    return Delivery(delivery.url, headers, body)


def _older(obj: JSON, *missing: str) -> JSON:
    """``obj`` as older versions send it: empty lists as null, ``missing`` fields left out."""
    for name in LISTS:
        obj[name] = None
    for name in missing:
        obj.pop(name)
    return obj


async def _enriched(app: AsyncTestClient[Litestar]) -> None:
    """Wait for the app's background enrichment (it runs on the test client's portal loop)."""
    enrichment = app.app.state.get(ENRICHMENT)
    if enrichment is not None:
        await asyncio.to_thread(app.blocking_portal.call, enrichment.drain)


async def _deliver(app: AsyncTestClient[Litestar], delivery: Delivery) -> tuple[JSON, float]:
    """Deliver; the answer and how long it took."""
    started = time.monotonic()
    response = await app.post("/gitea/webhook", content=delivery.body, headers=delivery.headers)
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    answer: JSON = response.json()
    return answer, elapsed


async def _stored(app: AsyncTestClient[Litestar], delivery: Delivery) -> None:
    answer, _ = await _deliver(app, delivery)
    assert answer["status"] == "stored", answer
    await _enriched(app)


async def _entry(board: Board, uri: str) -> Entry | None:
    async with board.sessions() as session:
        found: Entry | None = await session.scalar(select(Entry).where(Entry.source_uri == uri))
        return found


async def test_payload_variants_of_real_gitea_versions_are_stored(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    base = f"{gitea.url}/acme/site"
    issue = await api.create_issue("acme", "site", "Lists arrive as null", "x")
    opened = _take(gitea, "issues")
    await _stored(app, _variant(opened, lambda p: _older(p["issue"], "id")))
    found = await _entry(board, f"{base}/issues/{issue['number']}")
    assert found is not None and found.title == "Lists arrive as null"

    await api.create_comment("acme", "site", issue["number"], "A comment from an old Gitea")
    comment = _take(gitea, "issue_comment")
    await _stored(app, _variant(comment, lambda p: (_older(p["issue"]), p.pop("is_pull"))))
    comment_id = json.loads(comment.body)["comment"]["id"]
    found = await _entry(board, f"{base}/issues/{issue['number']}#issuecomment-{comment_id}")
    assert found is not None and found.body == "A comment from an old Gitea"

    await api.create_branch("acme", "site", "variants", "main")
    gitea.deliveries.clear()
    pull = await api.create_pull("acme", "site", head="variants", base="main", title="Variants")
    opened_pull = _take(gitea, "pull_request")

    def without_id_or_number(p: JSON) -> None:
        _older(p["pull_request"], "id", "number")

    await _stored(app, _variant(opened_pull, without_id_or_number))
    found = await _entry(board, f"{base}/pulls/{pull['number']}")
    assert found is not None and found.meta["number"] == pull["number"]

    def review(kind: str, content: str) -> Callable[[JSON], None]:
        def change(p: JSON) -> None:
            p["action"] = "reviewed"
            p["review"] = {"type": kind, "content": content}
            p["requested_reviewer"] = None

        return change

    def requested(p: JSON) -> None:
        p["action"] = "review_requested"
        p["requested_reviewer"] = p["sender"]

    variants = [
        _variant(
            opened_pull,
            review("pull_request_review_approved", "LGTM"),
            "pull_request_approved",
            "pull_request_review_approved",
        ),
        _variant(
            opened_pull,
            review("pull_request_review_rejected", "Not yet"),
            "pull_request_rejected",
            "pull_request_review_rejected",
        ),
        _variant(
            opened_pull,
            review("pull_request_review_comment", "A nit"),
            "pull_request_comment",
            "pull_request_review_comment",
        ),
        _variant(opened_pull, requested, "pull_request", "pull_request_review_request"),
        _variant(
            opened_pull, lambda p: p.update(action="label_updated"), None, "pull_request_label"
        ),
        _variant(opened_pull, lambda p: p.update(action="synchronized"), None, "pull_request_sync"),
        _variant(opened_pull, without_id_or_number, "pull_request", ""),  # no Event-Type header
    ]
    for delivery in variants:
        await _stored(app, delivery)
    found = await _entry(board, f"{base}/pulls/{pull['number']}")
    assert found is not None and found.meta["head"] == "variants"
    assert not str(found.source_version).endswith("|partial")  # enriched from the API


async def test_deliveries_are_answered_in_time_while_the_api_hangs(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    base = f"{gitea.url}/acme/site"
    await api.create_branch("acme", "site", "slow", "main")
    gitea.deliveries.clear()
    pull = await api.create_pull("acme", "site", head="slow", base="main", title="While it hangs")
    opened = _take(gitea, "pull_request")
    doc = await api.contents("acme", "site", "docs/a.md")
    await api.write_file(
        "acme",
        "site",
        "docs/a.md",
        "# A\n\nWritten while Gitea hangs.\n",
        branch="main",
        message="Write A",
        sha=doc["sha"],
    )
    pushed = _take(gitea, "push")
    gitea.hang(limit_s=10)
    try:
        for delivery in (opened, pushed):
            answer, elapsed = await _deliver(app, delivery)
            assert answer["status"] == "stored"
            assert elapsed < DELIVERY_TIMEOUT_S / 2, f"{delivery.event} took {elapsed:.1f} s"
        stored = await _entry(board, f"{base}/pulls/{pull['number']}")
        assert stored is not None and stored.title == "While it hangs"
        assert str(stored.source_version).endswith("|partial")
        assert await _entry(board, base) is not None
    finally:
        gitea.release()
    await _enriched(app)
    stored = await _entry(board, f"{base}/pulls/{pull['number']}")
    assert stored is not None and not str(stored.source_version).endswith("|partial")
    written = await _entry(board, f"{base}/src/branch/main/docs/a.md")
    assert written is not None and "Written while Gitea hangs." in written.body


async def test_deliveries_are_stored_while_the_api_is_down_and_the_sync_completes_them(
    app: AsyncTestClient[Litestar], api: GiteaAPI, gitea: StandinGitea, board: Board
) -> None:
    base = f"{gitea.url}/acme/site"
    await api.create_branch("acme", "site", "down", "main")
    gitea.deliveries.clear()
    pull = await api.create_pull("acme", "site", head="down", base="main", title="While down")
    opened = _take(gitea, "pull_request")
    doc = await api.contents("acme", "site", "docs/a.md")
    await api.write_file(
        "acme",
        "site",
        "docs/a.md",
        "# A\n\nWritten while Gitea is down.\n",
        branch="main",
        message="Write A again",
        sha=doc["sha"],
    )
    pushed = _take(gitea, "push")
    gitea.fail_next(503, count=1000)
    try:
        for delivery in (opened, pushed):
            answer, _ = await _deliver(app, delivery)
            assert answer["status"] == "stored"
        await _enriched(app)  # fails: Gitea is down (logged)
        stored = await _entry(board, f"{base}/pulls/{pull['number']}")
        assert stored is not None and str(stored.source_version).endswith("|partial")
    finally:
        gitea.faults.clear()
    await Mirror(board, api, settings_for(gitea)).run(repo="acme/site")
    stored = await _entry(board, f"{base}/pulls/{pull['number']}")
    assert stored is not None and not str(stored.source_version).endswith("|partial")
    written = await _entry(board, f"{base}/src/branch/main/docs/a.md")
    assert written is not None and "Written while Gitea is down." in written.body
