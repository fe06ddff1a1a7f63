"""Where goals come from and how the person is told: a goal sent in Telegram is answered in its
chat when every step is done; a Gitea issue labelled ``goal`` is planned in its repository and
its author told there; a planner without the ``open_issue`` right gets the outbox's refusal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from telegram import Bot

from blackboard.models import Action, Entry, Link, Task
from blackboard.runtime import Board
from controllers.telegram.board_io import ChatMessage, record
from controllers.telegram.intake import Intake, Intent
from controllers.telegram.replies import AnswerWatcher
from controllers.telegram.settings import TelegramSettings
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.planner_helpers import DOCS_STEP, INDEX_STEP, entry, planning_model, running, team_souls
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, rows, run_outbox

pytestmark = [pytest.mark.usefixtures("no_violations")]

CHAT, MESSAGE = -100700, 42


def goal_done(board: Board, goal_id: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return (await entry(board, goal_id)).status == "done"

    return check


async def test_a_goal_from_telegram_is_answered_in_its_chat_when_done(board: Board) -> None:
    origin = ChatMessage(CHAT, MESSAGE, 7, "ada", bot="planner")
    goal = await record(board, Intake(Intent.GOAL, "Make note search fast", "planner"), origin)
    assert goal is not None
    async with running(board, team_souls(), planning_model()):
        await wait_for(goal_done(board, goal.id), limit_s=60, what="the goal done")
    tasks = await rows(board, Task, Task.goal_id == goal.id)
    assert {t.agent for t in tasks} == {"planner", "coder", "doc-writer"}
    assert await rows(board, Action) == []  # no repository named: no Gitea issues
    (answers,) = await rows(board, Link, Link.kind == "answers", Link.target_id == goal.id)
    bots = {"planner": Bot("222222:planner-test-token-bbbbbbbbbbbbbb")}
    watcher = AnswerWatcher(board, bots, TelegramSettings(web_url="http://board.example"))
    await watcher.on_link(answers.id)
    (reply,) = await rows(board, Action, Action.kind == "telegram.message")
    assert (reply.agent, reply.target) == ("planner", str(CHAT))
    assert reply.payload["reply_to"] == MESSAGE
    text = reply.payload["text"]
    assert text.startswith("Goal done: Make note search fast")
    assert "all 2 steps of its plan are finished" in text
    assert f"http://board.example/entries/{answers.source_id}" in text


async def test_an_issue_labelled_goal_is_planned_in_its_repository(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "goals")
    label = seed.add_label(standin, repo, "goal")
    seed.add_issue(
        standin, repo, "Make note search fast", "Titles search slowly.", labels=[label.id]
    )
    async with running(board, team_souls(), planning_model()):
        await mirror_sync(board, standin, allow="acme/goals")
        (issue,) = await rows(board, Entry, Entry.kind == "gitea_issue")

        async def goal_of_issue() -> bool:
            goals = await rows(board, Entry, Entry.meta["issue_entry"].astext == str(issue.id))
            return bool(goals) and goals[0].status == "done"

        await wait_for(goal_of_issue, limit_s=60, what="the issue's goal done")
        for _ in range(4):  # step issues + the comment, the tracker, its last edit
            await run_outbox(board, standin)
            await wait_for(_idle(board), limit_s=60, what="the planner caught up")
    (goal,) = await rows(board, Entry, Entry.meta["issue_entry"].astext == str(issue.id))
    assert (goal.meta["repo"], goal.meta["issue"]) == ("acme/goals", 1)
    assert [repo.issues[n].title for n in (2, 3)] == [INDEX_STEP, DOCS_STEP]
    tracker = repo.issues[4]
    assert tracker.title == "Plan: Make note search fast" and tracker.state == "closed"
    assert "- [x] #2 " in tracker.body and "- [x] #3 " in tracker.body
    (told,) = [c for c in repo.comments.values() if c.issue == 1]
    assert told.body.startswith('Done: "Make note search fast".')
    mine = await rows(board, Action, Action.target == "acme/goals")
    assert len(mine) == 5 and {a.status for a in mine} == {
        "done"
    }  # 2 steps, comment, tracker, close


async def test_a_planner_without_the_open_issue_right_is_refused(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    planner = load_souls()["planner"].model_copy(update={"actions": ["comment"]})
    async with api(board) as client:
        posted = await client.post(
            "/entries",
            json={"kind": "goal", "title": "Speed up exports", "meta": {"repo": "acme/tool"}},
        )
    goal_id = posted.json()["id"]
    async with running(board, team_souls(planner), planning_model(), agents=["planner"]):

        async def failed() -> bool:
            tasks = await rows(board, Task, Task.goal_id == goal_id)
            return bool(tasks) and tasks[0].status == "failed"

        await wait_for(failed, limit_s=60, what="the refused plan")
    (task,) = await rows(board, Task, Task.goal_id == goal_id)
    assert "may not take action 'gitea.issue.create' (needs the right 'open_issue')" in (
        task.error or ""
    )
    assert await rows(board, Entry, Entry.meta["goal"].astext == str(goal_id)) == []


def _idle(board: Board) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        tasks = await rows(board, Task)
        return all(t.status in ("done", "failed") for t in tasks)

    return check
