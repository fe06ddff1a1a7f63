"""A task's job is enqueued only after the task is committed, and control re-enqueues any queued
task whose job is gone (issue 16, hole 9)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from blackboard.models import Entry, Task
from blackboard.runtime import Board
from blackboard.schemas.tasks import TaskIn
from blackboard.services.tasks import TaskService
from controllers.agents import Team
from controllers.control.matching import Match
from controllers.control.queues import AgentQueues, job_key
from controllers.control.scheduler import Scheduler
from controllers.control.settings import ControlSettings
from knowledge_sources.models.scripted import ScriptedModel
from tests.api_client import api
from tests.team_helpers import scalar, soul, wait_for

SOULS = {"researcher": soul("researcher", ["question"], ["answering technical questions"])}
FAST = ControlSettings(sweep_s=1, requeue_s=1)


class JobRunsFirst(AgentQueues):
    """Returns from ``enqueue`` only once a worker has finished the job: whatever the scheduler
    has not committed by the time it enqueues, the worker cannot see."""

    async def enqueue(self, task: Task) -> str | None:
        key = await super().enqueue(task)
        for _ in range(300):
            async with self.pool.connection() as conn:
                row = await (
                    await conn.execute(
                        "SELECT status FROM saq_jobs WHERE key = %s", (job_key(task),)
                    )
                ).fetchone()
            if row is not None and row[0] in ("complete", "failed", "aborted"):
                break
            await asyncio.sleep(0.05)
        return key


async def _question(board: Board, title: str) -> Entry:
    async with api(board) as client:
        created = (await client.post("/entries", json={"kind": "question", "title": title})).json()
    async with board.sessions() as session:
        entry = await session.get(Entry, created["id"])
    assert entry is not None
    return entry


async def _status(board: Board, task_id: int) -> object:
    return await scalar(board, "SELECT status FROM tasks WHERE id = :t", t=task_id)


async def test_a_job_that_runs_at_once_finds_its_task(board: Board) -> None:
    team = Team(
        board,
        SOULS,
        model_for=lambda _: ScriptedModel(strict=False),
        settings=FAST,
        run_control=False,
    )
    await team.start()
    await team.queues.queue("researcher")  # SAQ's tables exist before a second pool connects
    queues = JobRunsFirst(board.db.uri, FAST)
    try:
        question = await _question(board, "Does the worker find its task?")
        scheduler = Scheduler(board, queues, FAST, frozenset(SOULS))
        async with board.sessions() as session:
            entry = await session.get(Entry, question.id)
            assert entry is not None
            (task,) = await scheduler.schedule_matches(session, entry, [Match("researcher", 0.9)])

        async def done() -> bool:
            return await _status(board, task.id) == "done"

        await wait_for(done, limit_s=20, what="the scheduled task to be done")
    finally:
        await queues.close()
        await team.stop()


async def test_control_enqueues_a_queued_task_whose_job_is_gone(board: Board) -> None:
    team = Team(board, SOULS, model_for=lambda _: ScriptedModel(strict=False), settings=FAST)
    await team.start()
    await team.control.ready.wait()
    try:
        entry = await _question(board, "Lost on the way to the queue")
        async with board.sessions() as session:
            service = TaskService(session, autocommit=False)
            task = await service.create(
                TaskIn(agent="researcher", entry_id=entry.id, created_by="test", dedupe_key="lost")
            )
            task.status, task.job_key = "queued", job_key(task)  # as if the job were lost
            await session.commit()
        async with board.sessions() as session:
            await session.execute(text("DELETE FROM saq_jobs WHERE key = :k"), {"k": job_key(task)})
            await session.commit()

        async def done() -> bool:
            return await _status(board, task.id) == "done"

        await wait_for(done, limit_s=30, what="the lost task to be enqueued again and done")
    finally:
        await team.stop()
