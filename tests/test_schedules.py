"""A soul's schedule: its scans find work on the board and add tasks, once per entry and scan,
within the loop guards and the soul's daily budget (tasks and model seconds per day)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging

import pytest

from blackboard.models.vocabulary import TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.tasks import TaskIn
from blackboard.services.tasks import TaskService
from controllers.control.scans.runner import run_scans
from controllers.control.scans.service import ScheduledScans
from controllers.control.settings import ControlSettings
from knowledge_sources.souls import load_souls
from knowledge_sources.triager.history import RECORD_TAG
from tests.gitea_standin.fixtures import no_violations, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.schedule_helpers import add_entry, add_link, scheduled, tasks
from tests.team_helpers import wait_for
from tests.triager_helpers import mirror_sync, seed_repo

pytestmark = [pytest.mark.usefixtures("no_violations")]

SOULS = load_souls()
SETTINGS = ControlSettings(scans=True)


async def test_the_triagers_schedule_finds_mirrored_issues_once(
    fresh_board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    """Issues mirrored while nobody triaged them: the triager's schedule (every second here)
    gives each one task on its own queue; the next rounds create none."""
    board = fresh_board
    seed_repo(standin, "app")
    await mirror_sync(board, standin)
    triager = scheduled(SOULS["triager"], cron="* * * * * *", scans=["untriaged_issues"])
    souls = {**SOULS, "triager": triager}
    scans = ScheduledScans(board, souls, SETTINGS)
    running = asyncio.create_task(scans.run())
    try:

        async def two_rounds() -> bool:
            report = scans.reports.get("triager")
            return report is not None and report.count == 0 and len(await tasks(board)) > 0

        await wait_for(two_rounds, limit_s=30, what="a round that found work, then an empty one")
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
    found = await tasks(board)
    assert len(found) == 2
    assert {t.agent for t in found} == {"triager"}
    assert {t.created_by for t in found} == {"triager"}
    reason = "triager's untriaged_issues scan found an issue nobody triaged"
    assert all(t.reason == reason for t in found)
    assert all(t.status == TaskStatus.PENDING for t in found)  # control enqueues them
    again = await run_scans(board, triager, souls, SETTINGS)
    assert again.count == 0 and again.refused is None


async def test_each_scan_finds_only_what_waits_for_work(fresh_board: Board) -> None:
    board = fresh_board
    labelled = await add_entry(board, "gitea_issue", "Has labels", meta={"labels": ["bug"]})
    triaged = await add_entry(board, "gitea_issue", "Triaged before")
    await add_entry(board, "contribution", "Triage", tags=[RECORD_TAG], meta={"issue": triaged.id})
    untriaged = await add_entry(board, "gitea_issue", "Nobody looked")
    await add_entry(board, "gitea_issue", "Closed", status="closed")
    answered = await add_entry(board, "question", "Answered?")
    note = await add_entry(board, "research_note", "Answer", meta={"written_by": "draft"})
    await add_link(board, note, answered, "answers")
    open_question = await add_entry(board, "question", "Nobody answered")
    undocumented = await add_entry(board, "question", "Docs lack this")
    empty = await add_entry(board, "research_note", "Nothing", meta={"written_by": "nothing_found"})
    await add_link(board, empty, undocumented, "answers")
    goal = await add_entry(board, "goal", "Ship it")
    planned = await add_entry(board, "goal", "Planned")
    pull = await add_entry(board, "gitea_pull", "Fix it")
    problem = await add_entry(board, "open_problem", "Flaky build")
    async with board.sessions() as session:
        done = await TaskService(session).create(TaskIn(agent="planner", entry_id=planned.id))
        done.status = TaskStatus.DONE
        await session.commit()

    lead = scheduled(
        SOULS["planner"],
        cron="0 * * * *",
        scans=[
            "untriaged_issues",
            "unanswered_questions",
            "goals_without_plan",
            "unreviewed_pulls",
            "open_problems",
            {"scan": "missing_docs", "to": "doc-writer"},
        ],
    )
    report = await run_scans(board, lead, SOULS, SETTINGS)
    by_id = {t.id: t for t in await tasks(board)}
    found = {scan: [by_id[i].entry_id for i in ids] for scan, ids in report.created.items()}
    assert found == {
        "untriaged_issues": [untriaged.id],
        "unanswered_questions": [open_question.id],  # the empty note answers the other
        "goals_without_plan": [goal.id],
        "unreviewed_pulls": [pull.id],
        "open_problems": [problem.id],
        "missing_docs": [undocumented.id],
    }
    assert labelled.id not in found["untriaged_issues"]
    missing = by_id[report.created["missing_docs"][0]]
    assert (missing.agent, missing.created_by) == ("doc-writer", "planner")
    assert by_id[report.created["goals_without_plan"][0]].goal_id == goal.id


async def test_the_daily_budget_stops_a_scan(
    fresh_board: Board, caplog: pytest.LogCaptureFixture
) -> None:
    board = fresh_board
    for n in range(3):
        await add_entry(board, "question", f"Question {n}")
    researcher = scheduled(
        SOULS["researcher"], cron="*/30 * * * *", scans=["unanswered_questions"], daily_tasks=2
    )
    caplog.set_level(logging.INFO, logger="controllers.control.scans")
    first = await run_scans(board, researcher, SOULS, SETTINGS)
    assert first.count == 2
    assert first.refused == "daily budget of 2 tasks is spent (2 today)"
    assert "researcher's scans stop for today: daily budget of 2 tasks" in caplog.text
    second = await run_scans(board, researcher, SOULS, SETTINGS)
    assert second.count == 0 and second.refused == first.refused

    tomorrow = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    next_day = await run_scans(board, researcher, SOULS, SETTINGS, now=tomorrow)
    assert next_day.count == 1  # a new day, a new budget: the third question
    assert len(await tasks(board)) == 3


async def test_model_seconds_spent_today_stop_the_scans(fresh_board: Board) -> None:
    board = fresh_board
    await add_entry(board, "question", "Still open")
    async with board.sessions() as session:
        ran = await TaskService(session).create(TaskIn(agent="researcher", created_by="human"))
        ran.status, ran.result = TaskStatus.DONE, {"model_s": 61.5}
        await session.commit()
    researcher = scheduled(
        SOULS["researcher"], cron="0 * * * *", scans=["unanswered_questions"], daily_model_s=60
    )
    report = await run_scans(board, researcher, SOULS, SETTINGS)
    assert report.count == 0
    assert report.refused == "daily budget of 60 model seconds is spent (62 s today)"


async def test_entries_past_a_loop_guard_are_skipped_not_in_the_way(fresh_board: Board) -> None:
    board = fresh_board
    goal = await add_entry(board, "goal", "Spent goal")
    async with board.sessions() as session:
        await TaskService(session).create(TaskIn(agent="planner", goal_id=goal.id))
    bound = await add_entry(board, "question", "Part of the goal", meta={"goal_id": goal.id})
    free = await add_entry(board, "question", "On its own")
    researcher = scheduled(
        SOULS["researcher"], cron="0 * * * *", scans=["unanswered_questions"], daily_tasks=1
    )
    report = await run_scans(board, researcher, SOULS, ControlSettings(scans=True, goal_budget=1))
    assert (report.count, report.refused) == (1, None)
    by_entry = {t.entry_id: t for t in await tasks(board)}
    assert bound.id not in by_entry  # the goal's budget is spent
    assert by_entry[free.id].created_by == "researcher"
