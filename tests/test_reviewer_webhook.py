"""A pull request opened on the stand-in reaches the reviewers through Gitea's webhook: the
webhook's partial copy (no changed files yet) waits, the enriched copy routes the migration
pull request to the migrations specialist, and exactly one review is posted, by it; a push
(Gitea's ``synchronized`` webhook) gets a review of the new commits only."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Task
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.api.routes.gitea_webhooks import ENRICHMENT
from controllers.settings import AppSettings
from knowledge_sources.reviewer.history import REROUTED, WAITING
from knowledge_sources.souls import load_souls
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import WEBHOOK_SECRET, no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.reviewer_helpers import review_records, running_team, scripted_model
from tests.team_helpers import wait_for
from tests.triager_helpers import rows, run_outbox, settled

MIGRATION = "migrations/versions/0003_tags.py"
SECOND = "migrations/versions/0004_more.py"


@pytest.mark.usefixtures("no_violations")
async def test_a_pull_request_from_the_webhook_is_reviewed_once_by_the_right_soul(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "hooked")
    seed.add_files(standin, repo, {"app.py": "print('hi')\n"})
    settings = settings_for(standin)
    application = create_app(AppSettings(board=board.settings), board=board, token="test-token")
    application.state.gitea_settings = settings
    application.state.gitea_client_factory = lambda: GiteaClient(settings)
    souls = {name: load_souls()[name] for name in ("reviewer", "migrations-specialist")}
    async with (
        GiteaClient(settings) as client,
        AsyncTestClient(app=application) as app,
        running_team(board, standin, souls, scripted_model()),
    ):
        api = GiteaAPI(client)
        await api.create_hook(
            "acme", "hooked", "http://127.0.0.1:9/gitea/webhook", WEBHOOK_SECRET, ["pull_request"]
        )
        seed.add_files(
            standin, repo, {MIGRATION: "def upgrade():\n    pass\n"}, branch="tags", message="m"
        )
        standin.deliveries.clear()
        await api.create_pull("acme", "hooked", head="tags", base="main", title="Add tags")
        await _deliver(app, standin)
        await wait_for(_specialist_done(board, 1), limit_s=60, what="the specialist's review")
        tasks = await rows(board, Task)
        for task in tasks:
            if task.agent == "reviewer":  # only ever woken by the partial copy, which it leaves
                assert task.result["decision"] == "not reviewed", task.result
                assert task.result["why"] in (WAITING, REROUTED)
        (specialist,) = [t for t in tasks if t.agent == "migrations-specialist"]
        assert specialist.status == "done" and "instead of reviewer" in specialist.reason
        executed = await run_outbox(board, standin)
        assert [(a.kind, a.agent, a.status) for a in executed] == [
            ("gitea.review.create", "migrations-specialist", "done")
        ]

        # a push to the branch: Gitea's "synchronized" webhook brings the new head
        first_head = (await api.pull("acme", "hooked", 1))["head"]["sha"]
        await api.write_file(
            "acme", "hooked", SECOND, "def upgrade():\n    pass\n", branch="tags", message="n"
        )
        await _deliver(app, standin)
        await wait_for(_specialist_done(board, 2), limit_s=60, what="the re-review")
        executed = await run_outbox(board, standin)
        assert [(a.kind, a.agent, a.status) for a in executed] == [
            ("gitea.review.create", "migrations-specialist", "done")
        ]
    (_, second) = await review_records(board)
    assert second.meta["since"] == first_head
    assert second.meta["read"] == [f"{SECOND} lines 1-2"]


async def _deliver(app: AsyncTestClient[Litestar], standin: StandinGitea) -> None:  # noqa: F811
    """Deliver the stand-in's last pull_request webhook; wait for its enrichment."""
    (delivery,) = [d for d in standin.deliveries if d.event == "pull_request"]
    standin.deliveries.clear()
    response = await app.post("/gitea/webhook", content=delivery.body, headers=delivery.headers)
    assert response.status_code == 200, response.text
    enrichment = app.app.state.get(ENRICHMENT)
    if enrichment is not None:
        await asyncio.to_thread(app.blocking_portal.call, enrichment.drain)


def _specialist_done(board: Board, count: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        tasks = await rows(board, Task)
        done = [t for t in tasks if t.agent == "migrations-specialist" and t.status == "done"]
        return len(done) >= count and await settled(board, len(tasks))()

    return check
