"""The whole team at work, end to end, as a self-hoster runs it: the shipped souls, the control
loop, the planner's, triager's and reviewer's workers, the mirror and the outbox, on the
stand-in Gitea with one scripted model. A goal posted through the API becomes step issues and a
tracking issue in the repository; the issues come back through a sync and are triaged from the
repository's own labels; a pull request opened on the stand-in gets one review with a line
comment on the line it is about."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blackboard.models import Entry, Task
from blackboard.runtime import Board
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from knowledge_sources.planner.planning import PLAN
from knowledge_sources.reviewer.decide import COMMENT, FINE, VERDICT_COMMENT
from knowledge_sources.souls import load_souls
from knowledge_sources.triager.decide import DISTINCT, DUPLICATE, NONE
from tests.api_client import api
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.planner_helpers import DOCS_STEP, DONE_MEANS, INDEX_STEP
from tests.reviewer_helpers import BASE, CHANGED, COMMENT_TEXT, review_records, running_team
from tests.reviewer_helpers import answer as review_answer
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox, triage_records

pytestmark = [pytest.mark.usefixtures("no_violations")]

WORKERS = ("planner", "triager", "reviewer")


def choose(call: ScriptedCall) -> str:
    """One model for the whole team: plan the goal (index work to the coder, docs to the
    doc-writer, docs after step 1), no label and no duplicate for the step issues, and review
    like a careful reviewer."""
    choices = call.choices or ()
    if PLAN in choices:
        return PLAN
    if choices == (FINE, COMMENT) or VERDICT_COMMENT in choices:
        return review_answer(call)
    if DUPLICATE in choices:
        return DISTINCT
    if "coder" in choices and "doc-writer" in choices:
        return "doc-writer" if DOCS_STEP in call.prompt else "coder"
    if NONE in choices and all(c == NONE or c.isdigit() for c in choices):
        return "1" if DOCS_STEP in call.prompt and "1" in choices else NONE
    if NONE in choices:  # a label group of the repository: the steps are neither bug nor feature
        return NONE
    if all(c.isdigit() for c in choices):  # which line a review comment is on
        return review_answer(call)
    raise AssertionError(f"unexpected choice {choices} for {call.prompt[:200]!r}")


def write(call: ScriptedCall) -> str:
    if "step titles for this goal" in call.prompt:
        return f"- {INDEX_STEP}\n- {DOCS_STEP}\n"
    if "what shows this step is done" in call.prompt:
        return DONE_MEANS
    return COMMENT_TEXT


async def tasks_ended(board: Board, agent: str, count: int) -> bool:
    async with board.sessions() as session:
        states = list(await session.scalars(select(Task.status).where(Task.agent == agent)))
    return len(states) >= count and all(s in ("done", "failed") for s in states)


async def test_a_goal_leads_to_issues_and_a_pull_request_is_reviewed(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "notes")
    for label in ("kind/bug", "kind/feature"):
        seed.add_label(standin, repo, label)
    seed.add_files(standin, repo, {"app.py": BASE})
    await mirror_sync(board, standin)  # the repository and its labels are on the board
    model = ScriptedModel().script("choose", *[choose] * 80).script("generate", *[write] * 40)
    souls = load_souls()  # the shipped team; only WORKERS' queues are worked here
    async with running_team(board, standin, souls, model, agents=WORKERS):
        async with api(board) as client:
            posted = await client.post(
                "/entries",
                json={
                    "kind": "goal",
                    "title": "Make note search fast",
                    "body": "Searching notes by title takes seconds on big notebooks.",
                    "meta": {"repo": "acme/notes"},
                },
            )
            assert posted.status_code == 201, posted.text

        # the planner plans; the outbox opens a Gitea issue per step, then the tracking issue
        await wait_for(lambda: tasks_ended(board, "planner", 1), limit_s=90, what="the plan")
        made = await run_outbox(board, standin)
        assert [a.payload["title"] for a in made] == [INDEX_STEP, DOCS_STEP]
        await wait_for(lambda: tasks_ended(board, "planner", 2), limit_s=90, what="tracker")
        (tracker,) = await run_outbox(board, standin)
        assert tracker.kind == "gitea.issue.create"
        checklist = repo.issues[tracker.response["number"]].body
        assert "- [ ] #1 Add a search index on note titles (coder)" in checklist
        assert "- [ ] #2 Document the search index for users (doc-writer)" in checklist
        step_tasks = await rows(board, Task, Task.created_by == "planner")
        assert {t.agent for t in step_tasks} >= {"coder"}

        # a person opens a pull request; the sync brings it and the planner's issues back
        pull = seed.add_pull(standin, repo, "feature", "Add run", {"app.py": CHANGED})
        assert pull.pull is not None
        await mirror_sync(board, standin)
        await wait_for(lambda: tasks_ended(board, "reviewer", 1), limit_s=90, what="review")
        await wait_for(lambda: tasks_ended(board, "triager", 3), limit_s=90, what="triage")
        await run_outbox(board, standin)
        ours = [rv for rv in pull.pull.reviews if "Review by reviewer" in rv.body]
        assert len(ours) == 1 and ours[0].state == "REQUEST_CHANGES"
        eval_line = CHANGED.splitlines().index("    return eval(expression)") + 1
        assert [(c.path, c.line) for c in ours[0].comments] == [("app.py", eval_line)]
        (record,) = await review_records(board)
        assert record.meta["decisions"], "the review's decisions are on the board"

        # each issue the planner opened was triaged once, from the repository's labels only
        triaged = {r.meta["issue"] for r in await triage_records(board)}
        issues = await rows(board, Entry, Entry.kind == "gitea_issue")
        assert {e.id for e in issues} <= triaged and len(issues) == 3
        assert all(not issue.labels for issue in repo.issues.values() if issue.pull is None)
