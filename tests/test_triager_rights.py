"""What the triager must not do: label without the ``label`` right (the outbox rights refuse
the contribution, the task fails and says why, nothing reaches the outbox or the board), or
comment on issues people already handled (labelled or closed ones of a first sync)."""

from __future__ import annotations

import pytest

from blackboard.models import Action, Entry, Task
from blackboard.runtime import Board
from knowledge_sources.souls import load_souls
from tests.gitea_standin import seed
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


async def test_issues_people_handled_are_left_alone(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    repo = seed_repo(standin, "old", issues=0)
    bug = next(lab for lab in repo.labels.values() if lab.name == "kind/bug")
    seed.add_issue(standin, repo, "Crash on start", "It crashes.", labels=[bug.id])
    seed.add_issue(standin, repo, "Old question", "How do I export?", state="closed")
    model = scripted_model()
    async with running_team(board, load_souls()["triager"], model):
        await mirror_sync(board, standin, allow="acme/old")
        await wait_for(settled(board, 2), limit_s=60, what="the triage tasks")
    old = await rows(board, Entry, Entry.meta["repo"].astext == "acme/old")
    tasks = await rows(board, Task, Task.entry_id.in_([e.id for e in old]))
    whys = sorted(t.result["why"] for t in tasks)
    assert whys == [
        "the issue has labels already (a person triaged it); comment /triage on the issue to ask",
        "the issue is closed; comment /triage on the issue to ask",
    ]
    assert model.calls == [] and await rows(board, Action) == []  # none from the first test
