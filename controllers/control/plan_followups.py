"""Waking the planner as its plan moves, and leaving assigned work to its assignee.

A plan's step is a task entry its planner assigned (``meta.assigned_to``): control does not
match it against the triggers (the planner gave it its task). When a task on a step ends (done
or failed), the outbox is through with the plan's step issues (all of them) or its tracking
issue, or has made an edit of the tracking issue, control gives the planner a task on the plan
record, so it ticks the checklist, starts
the steps that waited, and marks the goal done at the end. The wake-up counts against the
goal's budget like any task; its dedupe key (the event) makes a replayed event harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Action, Entry, Task
from blackboard.models.vocabulary import ActionStatus, EntryKind, TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.tasks import TaskIn
from blackboard.services.tasks import TaskService
from controllers.control.scheduler import Scheduler
from knowledge_sources.planner.plan import PLAN_TAG
from knowledge_sources.planner.state import (
    FINAL_ACTION,
    ISSUE_CREATE,
    ISSUE_EDIT,
    STEP_ROLE,
    TRACKING_ROLE,
)

logger = logging.getLogger(__name__)
ENDED = (TaskStatus.DONE, TaskStatus.FAILED)
WAKE_PRIORITY = 0.6
"""Following a plan is quick bookkeeping (no model): it goes ahead of the average task."""


def assigned(entry: Entry) -> bool:
    """Work its author gave to a named teammate (not for the triggers to match)."""
    return isinstance(entry.meta.get("assigned_to"), str)


class PlanFollowups:
    """Turns a plan's events into tasks for its planner."""

    def __init__(self, board: Board, scheduler: Scheduler, agents: Collection[str]) -> None:
        self.board = board
        self.scheduler = scheduler
        self.agents = frozenset(agents)

    async def on_task(self, task_id: int) -> None:
        """A task on a plan's step ended: wake the planner on the plan record."""
        async with self.board.sessions() as session:
            task = await session.get(Task, task_id)
            if task is None or task.status not in ENDED or task.entry_id is None:
                return
            step = await session.get(Entry, task.entry_id)
            if step is None or not isinstance(step.meta.get("plan_step"), int):
                return
            record = await session.scalar(
                select(Entry).where(
                    Entry.kind == EntryKind.CONTRIBUTION,
                    Entry.tags.contains([PLAN_TAG]),
                    Entry.meta["task_id"].astext == str(step.meta.get("task_id")),
                )
            )
            why = f"step {step.meta['plan_step']}'s task {task.id} is {task.status}"
            await self._wake(session, record, why, f"plan-step:{task.id}:{task.status}")

    async def on_action(self, action_id: int) -> None:
        """The outbox is through with the plan's step issues or its tracking issue, or made an
        edit of the tracking issue (the next edit waits for it)."""
        async with self.board.sessions() as session:
            action = await session.get(Action, action_id)
            if action is None or action.status not in FINAL_ACTION:
                return
            if action.kind == ISSUE_EDIT and action.status == ActionStatus.DONE:
                await self._edited(session, action)
                return
            if action.kind != ISSUE_CREATE:
                return
            plan, role = action.payload.get("plan"), action.payload.get("role")
            if not isinstance(plan, int) or role not in (STEP_ROLE, TRACKING_ROLE):
                return
            if role == STEP_ROLE:
                still = await session.scalar(
                    select(Action.id)
                    .where(
                        Action.kind == ISSUE_CREATE,
                        Action.payload["plan"].as_integer() == plan,
                        Action.status.notin_(FINAL_ACTION),
                    )
                    .limit(1)
                )
                if still is not None:
                    return  # the last one wakes the planner
                why, key = "the step issues are made", f"plan-issues:{plan}"
            else:
                why, key = "the tracking issue is made", f"plan-tracking:{action.id}"
            await self._wake(session, await session.get(Entry, plan), why, key)

    async def _edited(self, session: AsyncSession, action: Action) -> None:
        task = await session.get(Task, action.task_id) if action.task_id else None
        record = await session.get(Entry, task.entry_id) if task and task.entry_id else None
        if record is None or PLAN_TAG not in record.tags or record.author != action.agent:
            return
        why = "its tracking issue is edited"
        await self._wake(session, record, why, f"plan-edited:{action.id}")

    async def _wake(self, session: AsyncSession, record: Entry | None, why: str, key: str) -> None:
        if record is None or record.author not in self.agents:
            return
        goal = record.meta.get("goal")
        depth = record.meta.get("depth", 1)
        task = await TaskService(session, autocommit=False).create(
            TaskIn(
                agent=record.author,
                entry_id=record.id,
                reason=f"plan {record.id}: {why}",
                priority=WAKE_PRIORITY,
                depth=max(int(depth) - 1, 0) if isinstance(depth, int) else 0,
                goal_id=goal if isinstance(goal, int) else None,
                created_by="control",
                dedupe_key=key,
            )
        )
        fresh = task.status == TaskStatus.PENDING
        await session.commit()
        if fresh:
            logger.info("waking %s on plan %s: %s", record.author, record.id, why)
            await self.scheduler.sync_task(task.id)
