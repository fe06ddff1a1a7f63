"""Turning matches into tasks on the board and jobs on the agents' queues, and keeping the
queues in step when people reprioritise, cancel or reassign tasks on the board.

A job is enqueued only after the task row it names is committed: a worker that picks the job up
at once always finds its task (else it would finish the job and leave the task ``queued``). A
task is ``queued`` once its job is on the queue; a worker that starts it first wins (the
scheduler's stale write is dropped).
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryKind, TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.tasks import TaskIn
from blackboard.services.match_keys import match_key
from blackboard.services.tasks import TaskService
from controllers.control.guards import budget_spent, check, entry_depth, goal_tasks, too_deep
from controllers.control.matching import Match
from controllers.control.priority import saq_priority
from controllers.control.queues import AgentQueues, job_key
from controllers.control.rating import rate
from controllers.control.settings import ControlSettings

logger = logging.getLogger(__name__)


class Scheduler:
    """Writes activation records and enqueues them; the board stays the source of truth."""

    def __init__(
        self,
        board: Board,
        queues: AgentQueues,
        settings: ControlSettings,
        agents: frozenset[str] = frozenset(),
    ) -> None:
        self.agents = agents
        self.board = board
        self.queues = queues
        self.settings = settings

    async def schedule_matches(
        self, session: AsyncSession, entry: Entry, matches: list[Match]
    ) -> list[Task]:
        """One task per admitted match (deduped per entry content), one commit; then each new
        task is enqueued and marked ``queued``."""
        created: list[Task] = []
        fresh: list[Task] = []
        depth = entry_depth(entry)
        goal_id = _goal_of(entry)
        goal_priority = None
        if goal_id is not None:
            goal = await session.get(Entry, goal_id)
            goal_priority = goal.priority if goal is not None else None
        service = TaskService(session, autocommit=False)
        for match in matches:
            spent = await goal_tasks(session, goal_id)
            verdict = check(entry, match.agent, depth, spent, self.settings)
            if not verdict.allowed:
                logger.info(
                    "not scheduling %s on entry %s: %s", match.agent, entry.id, verdict.reason
                )
                continue
            task = await service.create(
                TaskIn(
                    agent=match.agent,
                    entry_id=entry.id,
                    depth=depth,
                    goal_id=goal_id,
                    priority=rate(match, entry, goal_priority),
                    created_by="control",
                    reason=f"{entry.kind} matches {match.agent}'s triggers "
                    f"({match.why + '; ' if match.why else ''}"
                    f"skill similarity {match.similarity:.2f})",
                    dedupe_key=match_key(match.agent, entry),
                )
            )
            if task.status == TaskStatus.PENDING:
                fresh.append(task)
            created.append(task)
        await session.commit()
        for task in fresh:
            await self.sync_task(task.id)
        return created

    async def sync_task(self, task_id: int) -> None:
        """Make the queues reflect the task: enqueue, re-enqueue, reprioritise or abort."""
        async with self.board.sessions() as session:
            task = await session.get(Task, task_id)
            if task is None:
                return
            try:
                await self._sync(session, task)
                await session.commit()
            except StaleDataError:
                await session.rollback()  # someone changed it meanwhile; its event follows

    async def requeue_lost(self) -> int:
        """Re-enqueue every queued task whose job is gone (never enqueued, or finished without
        running it); returns how many. Control runs it every ``requeue_s``."""
        async with self.board.sessions() as session:
            queued = list(
                await session.scalars(select(Task).where(Task.status == TaskStatus.QUEUED))
            )
        count = 0
        for task in queued:
            if self.agents and task.agent not in self.agents:
                continue
            if await self.queues.requeue(task):
                logger.warning("task %s was queued without a job: enqueued again", task.id)
                count += 1
        return count

    async def _sync(self, session: AsyncSession, task: Task) -> None:
        current = task.job_key
        if (
            task.status in (TaskStatus.PENDING, TaskStatus.QUEUED)
            and self.agents
            and task.agent not in self.agents
        ):
            if current:
                await self.queues.abort(current.split(":", 1)[0], current, "unknown agent")
            task.status, task.error = (
                TaskStatus.FAILED,
                f"no agent named {task.agent!r} on this team",
            )
            return
        if task.status == TaskStatus.PENDING:
            spent = await goal_tasks(session, task.goal_id, before=task.id)
            refused = too_deep(task.depth, self.settings) or (
                budget_spent(spent, self.settings) if task.goal_id is not None else None
            )
            if refused:
                task.status, task.error = TaskStatus.CANCELLED, f"loop guard: {refused}"
                return
            await self._enqueue(task)
        elif (
            task.status in (TaskStatus.QUEUED, TaskStatus.ACTIVE)
            and current
            and current != job_key(task)
        ):
            await self.queues.abort(current.split(":", 1)[0], current, "reassigned")
            await self._enqueue(task)
        elif task.status == TaskStatus.QUEUED and current:
            waiting = await self.queues.job_priority(current)
            if waiting is not None and waiting != saq_priority(task.priority):
                await self.queues.reprioritise(task, current)
        elif task.status == TaskStatus.CANCELLED and current:
            await self.queues.abort(current.split(":", 1)[0], current, "cancelled")

    async def _enqueue(self, task: Task) -> None:
        """Only for a committed task: a worker may start the job before this returns."""
        await self.queues.enqueue(task)
        task.status, task.job_key = TaskStatus.QUEUED, job_key(task)


def _goal_of(entry: Entry) -> int | None:
    if entry.kind == EntryKind.GOAL:
        return entry.id
    goal = entry.meta.get("goal_id")
    return int(goal) if isinstance(goal, int) else None
