"""Control: matching, rating, tasks on the agents' own SAQ queues, human changes, loop guards."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import pytest_asyncio

from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.matching import Match, match_entry
from controllers.control.rating import rate
from controllers.control.settings import ControlSettings
from knowledge_sources.models.scripted import ScriptedModel
from tests.api_client import api
from tests.team_helpers import scalar, soul, wait_for

SOULS = {
    "researcher": soul("researcher", ["question"], ["answering technical questions"]),
    "planner": soul("planner", ["goal"], ["breaking goals into tasks"]),
    "triager": soul("triager", ["gitea_issue"], ["labelling issues"]),
}


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def team(board: Board) -> AsyncIterator[Team]:
    team = Team(
        board,
        SOULS,
        settings=ControlSettings(),
        model_for=lambda _: ScriptedModel(strict=False),
        run_workers=False,
    )
    await team.start()
    await team.control.ready.wait()
    try:
        yield team
    finally:
        await team.stop()


def _entry(kind: str, tags: list[str] | None = None, priority: int = 0) -> Entry:
    now = datetime.datetime.now(datetime.UTC)
    return Entry(
        id=1,
        kind=kind,
        title="t",
        body="",
        tags=tags or [],
        priority=priority,
        meta={},
        author="human",
        created_at=now,
        status="open",
    )


def test_triggers_match_by_kind_and_similarity() -> None:
    skills = {"researcher": [1.0, 0.0], "planner": [0.0, 1.0], "triager": [0.7, 0.7]}
    matches = match_entry(_entry("question"), [1.0, 0.0], SOULS, skills)
    assert [m.agent for m in matches] == ["researcher"]
    picky = {**SOULS, "triager": soul("triager", ["question"])}
    picky["triager"].triggers[0].min_similarity = 0.9
    both = match_entry(_entry("question"), [1.0, 0.0], picky, skills)
    assert [m.agent for m in both] == ["researcher"]  # 0.707 < 0.9
    picky["triager"].triggers[0].min_similarity = 0.5
    assert [m.agent for m in match_entry(_entry("question"), [1.0, 0.0], picky, skills)] == [
        "researcher",
        "triager",
    ]


def test_rating_prefers_similar_urgent_prioritised_work() -> None:
    close, far = Match("a", 0.9), Match("a", 0.1)
    assert rate(close, _entry("question")) > rate(far, _entry("question"))
    assert rate(close, _entry("question")) > rate(close, _entry("document"))
    assert rate(close, _entry("goal", priority=8)) > rate(close, _entry("goal", priority=-5))
    assert 0.0 <= rate(far, _entry("document", priority=-100)) <= 1.0


async def _job(board: Board, key: str) -> tuple[object, ...] | None:
    from sqlalchemy import text

    async with board.sessions() as session:
        row = (
            await session.execute(
                text("SELECT queue, status, priority FROM saq_jobs WHERE key = :k"), {"k": key}
            )
        ).first()
    return None if row is None else tuple(row)


async def test_question_becomes_task_on_researchers_queue(board: Board, team: Team) -> None:
    async with api(board) as client:
        question = (
            await client.post(
                "/entries", json={"kind": "question", "title": "How do we sign webhooks?"}
            )
        ).json()

    async def queued() -> bool:
        return (
            await scalar(
                board,
                "SELECT count(*) FROM tasks WHERE entry_id = :e AND status = 'queued'",
                e=question["id"],
            )
            == 1
        )

    await wait_for(queued, what="the researcher's task")
    task_id = await scalar(board, "SELECT id FROM tasks WHERE entry_id = :e", e=question["id"])
    job = await _job(board, f"researcher:task:{task_id}")
    assert job is not None
    assert job[0:2] == ("researcher", "queued")


async def test_human_reprioritise_reassign_cancel(board: Board, team: Team) -> None:
    async with api(board) as client:
        goal = (await client.post("/entries", json={"kind": "goal", "title": "Ship v1"})).json()
        task = (
            await client.post(
                "/tasks",
                json={
                    "agent": "planner",
                    "entry_id": goal["id"],
                    "reason": "by hand",
                    "dedupe_key": "manual-1",
                },
            )
        ).json()
        key = f"planner:task:{task['id']}"

        async def on_queue() -> bool:
            job = await _job(board, key)
            return job is not None and job[1] == "queued"

        await wait_for(on_queue, what="the task on the planner's queue")

        current = (await client.get(f"/tasks/{task['id']}")).json()
        moved = (
            await client.patch(
                f"/tasks/{task['id']}", json={"version": current["version"], "priority": 5.0}
            )
        ).json()

        async def reprioritised() -> bool:
            job = await _job(board, key)
            return job is not None and job[2] == 11000

        await wait_for(reprioritised, what="the new priority on the queue")

        await client.patch(
            f"/tasks/{task['id']}", json={"version": moved["version"], "agent": "triager"}
        )
        new_key = f"triager:task:{task['id']}"

        async def reassigned() -> bool:
            old, new = await _job(board, key), await _job(board, new_key)
            return (
                old is not None
                and old[1] == "aborted"
                and new is not None
                and new[0:2] == ("triager", "queued")
            )

        await wait_for(reassigned, what="the task on the triager's queue")

        current = (await client.get(f"/tasks/{task['id']}")).json()
        await client.patch(
            f"/tasks/{task['id']}", json={"version": current["version"], "status": "cancelled"}
        )

        async def cancelled() -> bool:
            job = await _job(board, new_key)
            return job is not None and job[1] == "aborted"

        await wait_for(cancelled, what="the cancelled job")


async def test_task_for_unknown_agent_fails_clearly(board: Board, team: Team) -> None:
    async with api(board) as client:
        task = (await client.post("/tasks", json={"agent": "nobody", "reason": "typo"})).json()

        async def failed() -> bool:
            current = (await client.get(f"/tasks/{task['id']}")).json()
            return bool(current["status"] == "failed" and "nobody" in (current["error"] or ""))

        await wait_for(failed, what="the task to fail")
