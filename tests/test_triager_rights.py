"""A triager soul without the ``label`` right cannot label: the outbox rights refuse the
contribution, the task fails and says why, and nothing reaches the outbox or the board."""

from __future__ import annotations

import pytest

from blackboard.models import Action, Task
from blackboard.runtime import Board
from knowledge_sources.souls import load_souls
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.team_helpers import wait_for
from tests.triager_helpers import (
    mirror_sync,
    rows,
    running_team,
    scripted_model,
    seed_repo,
    settled,
    triage_records,
)

pytestmark = [pytest.mark.usefixtures("no_violations")]


async def test_a_soul_without_the_label_right_cannot_label(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    seed_repo(standin, "tool", issues=1)
    soul = load_souls()["triager"].model_copy(update={"actions": ["comment"]})
    async with running_team(board, soul, scripted_model()):
        await mirror_sync(board, standin)
        await wait_for(settled(board, 1), limit_s=60, what="the triage task")
    (task,) = await rows(board, Task)
    assert task.status == "failed"
    assert "may not take action 'gitea.labels.add' (needs the right 'label')" in (task.error or "")
    assert await rows(board, Action) == []
    assert await triage_records(board) == []
