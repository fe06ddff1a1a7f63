"""The reviewer's path with the smallest model the project ships: SmolLM2-135M-Instruct through
outlines. Whatever it decides, every decision is one of its options, every line comment sits on
an added line of the diff (the stand-in refuses any other) and quotes it, and the review is
posted once. Slow: a real model is loaded and asked a few times on the CPU."""

from __future__ import annotations

import pytest

from blackboard.models import Task
from blackboard.runtime import Board
from knowledge_sources.models import ModelConfig, ModelSettings, make_provider
from knowledge_sources.souls import load_souls
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.reviewer_helpers import review_records, running_team, seed_pull
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, settled

SMALL_CHANGE = {"app.py": "import json\n\n\ndef run(expression):\n    return eval(expression)\n"}


@pytest.mark.slow
@pytest.mark.usefixtures("no_violations")
async def test_smollm2_reviews_a_pull_request_within_its_options(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    _, pull = seed_pull(standin, "tiny", SMALL_CHANGE)
    assert pull.pull is not None
    model = make_provider(ModelConfig(provider="smollm2"), ModelSettings.model_construct())
    soul = load_souls()["reviewer"]
    async with running_team(board, standin, {"reviewer": soul}, model):
        await mirror_sync(board, standin, allow="acme/tiny")
        await wait_for(settled(board, 1), limit_s=600, what="SmolLM2's review")
    (task,) = await rows(board, Task)
    assert task.status == "done", task.error
    (record,) = await review_records(board)
    for decision in record.meta["decisions"]:
        assert decision["chosen"] in decision["options"], decision
    executed = await run_outbox(board, standin)
    assert [(a.kind, a.status) for a in executed] == [("gitea.review.create", "done")]
    (review,) = [rv for rv in pull.pull.reviews if "Review by reviewer" in rv.body]
    for comment in review.comments:
        assert comment.path == "app.py"
        quoted = SMALL_CHANGE["app.py"].splitlines()[comment.line - 1]
        assert f"```\n{quoted}\n```" in comment.body
