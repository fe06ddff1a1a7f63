"""The planner end to end on the stand-in Gitea with a scripted model: a goal posted through the
API becomes a plan (steps, who does each, what done means, what each waits for, every decision
recorded), tasks for the named teammates, one Gitea issue per step and a tracking issue whose
checklist is ticked as the steps' tasks finish; at the end the goal is done and answered."""

from __future__ import annotations

import pytest

from blackboard.models import Action, Entry, Link, Task
from blackboard.runtime import Board
from knowledge_sources.planner.planning import PLAN
from tests.api_client import api
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.planner_helpers import (
    DOCS_STEP,
    DONE_MEANS,
    INDEX_STEP,
    entry,
    planning_model,
    running,
    settled,
    team_souls,
)
from tests.team_helpers import wait_for
from tests.triager_helpers import rows, run_outbox

pytestmark = [pytest.mark.usefixtures("no_violations")]

GOAL = "Make note search fast\n\nSearching notes by title takes seconds on big notebooks."


async def test_a_goal_becomes_tasks_issues_and_a_checklist_ticked_as_steps_finish(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "notes")
    souls, model = team_souls(), planning_model()
    async with api(board) as client:
        posted = await client.post(
            "/entries",
            json={
                "kind": "goal",
                "title": "Make note search fast",
                "body": GOAL,
                "meta": {"repo": "acme/notes"},
            },
        )
        assert posted.status_code == 201, posted.text
    goal_id = posted.json()["id"]

    async with running(board, souls, model, agents=["planner"]):
        # the plan: made, its first step given to the coder, the second waiting for it
        await wait_for(settled(board, goal_id, "planner"), limit_s=60, what="the plan")
        (record,) = await rows(board, Entry, Entry.tags.contains(["plan"]))
        steps = record.meta["steps"]
        assert [(s["title"], s["agent"], s["depends_on"]) for s in steps] == [
            (INDEX_STEP, "coder", None),
            (DOCS_STEP, "doc-writer", 1),
        ]
        assert all(s["done_means"] == DONE_MEANS.rstrip(".") for s in steps)
        decisions = {d["decision"]: d for d in record.meta["decisions"]}
        assert decisions["plan this goal?"]["chosen"] == PLAN
        assert decisions["steps"]["chosen"] == "the model's step titles"
        who = decisions["who does step 2"]
        assert sorted(who["options"]) == ["coder", "doc-writer"] and who["chosen"] == "doc-writer"
        assert "closest by skills" in who["reason"]
        assert "- who does step 2: **doc-writer** (options: " in record.body
        assert decisions["what step 2 waits for"]["options"] == ["none", "1"]
        tasks = await rows(board, Task, Task.goal_id == goal_id)
        coder = [t for t in tasks if t.agent == "coder"]
        assert len(coder) == 1 and coder[0].created_by == "planner" and coder[0].status != "done"
        assert not [t for t in tasks if t.agent == "doc-writer"]  # waits for step 1

        # the outbox makes the step issues; control wakes the planner, which opens the tracker
        made = await run_outbox(board, standin)
        assert [a.payload["title"] for a in made] == [INDEX_STEP, DOCS_STEP]
        await wait_for(settled(board, goal_id, "planner", 2), limit_s=60, what="tracker asked")
        (tracker,) = await run_outbox(board, standin)
        assert tracker.kind == "gitea.issue.create" and tracker.response["number"] == 3
        issue = repo.issues[3]
        assert "- [ ] #1 Add a search index on note titles (coder)" in issue.body
        assert "- [ ] #2 Document the search index for users (doc-writer) — waits for step 1" in (
            issue.body
        )
        await wait_for(settled(board, goal_id, "planner", 3), limit_s=60, what="tracker seen")
        assert await run_outbox(board, standin) == []  # nothing changed: nothing to edit

        # the teammates work: each finished step ticks its box, step 2 starts after step 1
        async with running(board, souls, model, agents=["coder", "doc-writer"], control=False):
            await wait_for(lambda: _tasks_of(board, goal_id, "doc-writer"), what="step 2's task")
            await wait_for(settled(board, goal_id, count=7), limit_s=60, what="all steps")
        # one edit of the tracker at a time: step 1 ticked, then (woken by that edit) the rest
        (first,) = await run_outbox(board, standin)
        assert first.kind == "gitea.issue.edit" and first.payload["state"] == "open"
        assert "- [x] #1 Add a search index" in issue.body and "- [ ] #2 Document" in issue.body
        await wait_for(settled(board, goal_id, count=8), limit_s=60, what="the edit seen")
        (last,) = await run_outbox(board, standin)
        assert last.kind == "gitea.issue.edit"
        assert "- [x] #1" in issue.body and "- [x] #2" in issue.body
        assert issue.state == "closed" and "2 of 2 steps done" in issue.body
        await wait_for(settled(board, goal_id, count=9), limit_s=60, what="the last edit seen")
        assert await run_outbox(board, standin) == []

    # the goal is done, and a note answers it (what the chat bots and the CLI show)
    goal = await entry(board, goal_id)
    assert goal.status == "done"
    (note,) = await rows(board, Entry, Entry.tags.contains(["plan-done"]))
    (answers,) = await rows(board, Link, Link.kind == "answers", Link.target_id == goal_id)
    assert answers.source_id == note.id and "#1" in note.body and "#3" in note.body
    # each step went only to its assignee, though both teammates' triggers admit task entries
    step_entries = await rows(board, Entry, Entry.tags.contains(["plan-step"]))
    for step in step_entries:
        on_it = await rows(board, Task, Task.entry_id == step.id)
        assert {t.agent for t in on_it} == {step.meta["assigned_to"]}
    assert [a for a in await rows(board, Action) if a.status != "done"] == []


async def _tasks_of(board: Board, goal_id: int, agent: str) -> bool:
    return bool(await rows(board, Task, Task.goal_id == goal_id, Task.agent == agent))
