"""Loop guards: chain depth, per-goal budget, and no agent woken by its own contribution.

Every task counts against its goal's budget, whoever creates it: control when it schedules, an
agent handing work on (``apply``), a person or agent through the API (checked when control
first sees the pending task)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Entry, Task
from controllers.control.settings import ControlSettings


@dataclass(frozen=True)
class Verdict:
    """Whether to schedule, and why not."""

    allowed: bool
    reason: str = ""


def entry_depth(entry: Entry) -> int:
    """How many agent contributions led to this entry (0 for input from people or Gitea)."""
    depth = entry.meta.get("depth", 0)
    return int(depth) if isinstance(depth, int | float) else 0


async def goal_tasks(session: AsyncSession, goal_id: int | None, before: int | None = None) -> int:
    """How many tasks ``goal_id`` has spawned (those with an id below ``before``, if given).

    Counting for a task about to be created (no ``before``) takes a lock on the goal until the
    transaction ends, so two writers adding tasks to one goal at the same time count each
    other's and the budget is never overshot. Counting below an existing task's id needs none."""
    if goal_id is None:
        return 0
    if before is None:
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('goal-budget'), :goal)"), {"goal": goal_id}
        )
    query = select(func.count()).select_from(Task).where(Task.goal_id == goal_id)
    if before is not None:
        query = query.where(Task.id < before)
    return int(await session.scalar(query) or 0)


def budget_spent(spent: int, settings: ControlSettings) -> str | None:
    """Why one more task for a goal that has ``spent`` tasks is refused, or ``None``."""
    if spent >= settings.goal_budget:
        return f"goal budget of {settings.goal_budget} tasks is spent"
    return None


def too_deep(depth: int, settings: ControlSettings) -> str | None:
    """Why a task at chain ``depth`` is refused, or ``None``."""
    if depth > settings.max_depth:
        return f"chain depth {depth} exceeds {settings.max_depth}"
    return None


def check(
    entry: Entry, agent: str, depth: int, goal_tasks: int, settings: ControlSettings
) -> Verdict:
    """Apply the guards to scheduling ``agent`` on ``entry`` at chain ``depth``."""
    reason = too_deep(depth, settings) or budget_spent(goal_tasks, settings)
    if reason:
        return Verdict(False, reason)
    if entry.author == agent and not entry.meta.get("wake_author", False):
        return Verdict(False, "an agent is not woken by its own contribution")
    return Verdict(True)
