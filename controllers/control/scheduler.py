"""Turning matches into tasks on the board and jobs on the agents' queues, and keeping the
queues in step when people reprioritise, cancel or reassign tasks on the board."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryKind, TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.tasks import TaskIn
from blackboard.services.tasks import TaskService
from controllers.control.guards import check, entry_depth
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
        """One task per admitted match (deduped per entry content), enqueued, one commit."""
        created: list[Task] = []
        depth = entry_depth(entry)
        goal_id = _goal_of(entry)
        goal_priority = None
        if goal_id is not None:
            goal = await session.get(Entry, goal_id)
            goal_priority = goal.priority if goal is not None else None
        service = TaskService(session, autocommit=False)
        for match in matches:
            spent = await _goal_tasks(session, goal_id)
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
                    f"(skill similarity {match.similarity:.2f})",
                    dedupe_key=f"{match.agent}:{entry.id}:{(entry.content_hash or '')[:16]}",
                )
            )
            if task.status == TaskStatus.PENDING:
                await self._enqueue(task)
            created.append(task)
        await session.commit()
        return created

    async def sync_task(self, task_id: int) -> None:
        """Make the queues reflect the task: enqueue, re-enqueue, reprioritise or abort."""
        async with self.board.sessions() as session:
            task = await session.get(Task, task_id)
            if task is None:
                return
            try:
                await self._sync(task)
                await session.commit()
            except StaleDataError:
                await session.rollback()  # someone changed it meanwhile; its event follows

    async def _sync(self, task: Task) -> None:
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
            if task.depth > self.settings.max_depth:
                task.status, task.error = (
                    TaskStatus.CANCELLED,
                    (f"loop guard: chain depth {task.depth} exceeds {self.settings.max_depth}"),
                )
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
        await self.queues.enqueue(task)
        task.status, task.job_key = TaskStatus.QUEUED, job_key(task)


def _goal_of(entry: Entry) -> int | None:
    if entry.kind == EntryKind.GOAL:
        return entry.id
    goal = entry.meta.get("goal_id")
    return int(goal) if isinstance(goal, int) else None


async def _goal_tasks(session: AsyncSession, goal_id: int | None) -> int:
    if goal_id is None:
        return 0
    count = await session.scalar(
        select(func.count()).select_from(Task).where(Task.goal_id == goal_id)
    )
    return int(count or 0)
