"""Task (activation record) shapes."""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from blackboard.models.vocabulary import TaskStatus
from blackboard.schemas.limits import BoardInput, Count, Id


class TaskIn(BoardInput):
    """A new task for an agent."""

    model_config = ConfigDict(extra="forbid")

    agent: str = Field(min_length=1, max_length=100)
    entry_id: Id | None = None
    reason: str = Field(default="", max_length=20_000)
    priority: float = Field(default=0.0, ge=-1e6, le=1e6)
    depth: Count = 0
    goal_id: Id | None = None
    created_by: str = Field(default="human", min_length=1, max_length=200)
    dedupe_key: str | None = Field(default=None, max_length=300)


class TaskPatch(BoardInput):
    """Human or control changes: reprioritise, cancel, reassign, record an outcome."""

    model_config = ConfigDict(extra="forbid")

    version: Count
    agent: str | None = Field(default=None, min_length=1, max_length=100)
    priority: float | None = Field(default=None, ge=-1e6, le=1e6)
    status: TaskStatus | None = None
    result: dict[str, Any] | None = None
    error: str | None = None


class TaskOut(BaseModel):
    """A stored task."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    agent: str
    entry_id: int | None
    reason: str
    priority: float
    status: str
    attempts: int
    depth: int
    goal_id: int | None
    created_by: str
    dedupe_key: str | None
    job_key: str | None
    result: dict[str, Any]
    error: str | None
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
