"""What the reviewer may not do: review without the ``review`` right (the contribution is
refused, the task fails and says why, nothing reaches the outbox or the board), or approve
without the ``approve`` right (the verdict never offers it, and the outbox will not send an
``APPROVED`` event as a plain review); with the right, an approval is its own action kind."""

from __future__ import annotations

import pytest

from blackboard.models import Action, Task
from blackboard.runtime import Board
from controllers.outbox.kinds import enqueue
from knowledge_sources.models.scripted import ScriptedCall
from knowledge_sources.reviewer.decide import APPROVE
from knowledge_sources.souls import load_souls
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.reviewer_helpers import (
    answer,
    review_records,
    run_outbox_as,
    running_team,
    scripted_model,
    seed_pull,
)
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, settled

pytestmark = [pytest.mark.usefixtures("no_violations")]


async def test_a_soul_without_the_review_right_cannot_review(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    seed_pull(standin, "tool")
    soul = load_souls()["reviewer"].model_copy(update={"actions": ["comment"]})
    async with running_team(board, standin, {"reviewer": soul}, scripted_model()):
        await mirror_sync(board, standin, allow="acme/tool")
        await wait_for(settled(board, 1), limit_s=60, what="the review task")
    (task,) = await rows(board, Task)
    assert task.status == "failed"
    assert "may not take action 'gitea.review.create' (needs the right 'review')" in (
        task.error or ""
    )
    assert await rows(board, Action) == []
    assert await review_records(board) == []


async def test_approving_needs_its_own_right(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    # a plain review cannot carry an approval, whoever asks
    _, pull = seed_pull(standin, "site", {"README.md": "# Site\n\nHello.\n"})
    assert pull.pull is not None
    await enqueue(
        board,
        key="approve-through-the-back-door",
        kind="gitea.review.create",
        target="acme/site",
        payload={"index": pull.number, "body": "LGTM", "event": "APPROVED"},
        agent="reviewer",
    )
    (refused,) = await run_outbox(board, standin)
    assert refused.status == "failed" and "gitea.review.approve" in (refused.error or "")
    assert all(rv.state != "APPROVED" for rv in pull.pull.reviews)

    # a soul with the approve right is offered approve, and its approval is its own kind
    def approving(call: ScriptedCall) -> str:
        return APPROVE if APPROVE in (call.choices or ()) else answer(call)

    soul = load_souls()["reviewer"].model_copy(update={"actions": ["review", "approve"]})
    async with running_team(board, standin, {"reviewer": soul}, scripted_model(approving)):
        await mirror_sync(board, standin, allow="acme/site")
        await wait_for(settled(board, 1), limit_s=60, what="the review task")
    executed = await run_outbox_as(board, standin, {"reviewer": soul})
    assert [(a.kind, a.status) for a in executed] == [("gitea.review.approve", "done")]
    assert [rv.state for rv in pull.pull.reviews if "Review by reviewer" in rv.body] == ["APPROVED"]
    (record,) = await review_records(board)
    verdict = next(d for d in record.meta["decisions"] if d["decision"] == "verdict")
    assert verdict["options"] == ["comment", "request_changes", APPROVE]
