"""A soul's daily budget: tasks it created and model seconds its tasks used since midnight UTC.

Tasks count whoever asked for them: a soul's scans and the tasks it handed on while working
(``created_by`` is the soul's name for both). Model seconds are the ``model_s`` the worker
records on each of the soul's tasks (``controllers/control/model_time.py``), counted for the
tasks that ran today.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import Float, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Task
from knowledge_sources.souls.schedule import Schedule


@dataclass
class DailyUse:
    """What a soul used today."""

    tasks: int
    model_s: float


def utc_now() -> datetime.datetime:
    """Now, in UTC."""
    return datetime.datetime.now(datetime.UTC)


def day_start(now: datetime.datetime) -> datetime.datetime:
    """Midnight UTC of ``now``'s day."""
    utc = now.astimezone(datetime.UTC)
    return utc.replace(hour=0, minute=0, second=0, microsecond=0)


async def used_today(session: AsyncSession, soul: str, now: datetime.datetime) -> DailyUse:
    """Tasks ``soul`` created and model seconds its tasks used since ``now``'s midnight UTC."""
    since = day_start(now)
    created = await session.scalar(
        select(func.count())
        .select_from(Task)
        .where(Task.created_by == soul, Task.created_at >= since)
    )
    seconds = await session.scalar(
        select(func.coalesce(func.sum(cast(Task.result["model_s"].astext, Float)), 0.0)).where(
            Task.agent == soul, Task.updated_at >= since, Task.result.has_key("model_s")
        )
    )
    return DailyUse(tasks=int(created or 0), model_s=float(seconds or 0.0))


def spent(use: DailyUse, schedule: Schedule) -> str | None:
    """Why no more tasks may be created today, or ``None``."""
    if use.tasks >= schedule.daily_tasks:
        return f"daily budget of {schedule.daily_tasks} tasks is spent ({use.tasks} today)"
    if use.model_s >= schedule.daily_model_s:
        return (
            f"daily budget of {schedule.daily_model_s:g} model seconds is spent "
            f"({use.model_s:.0f} s today)"
        )
    return None
