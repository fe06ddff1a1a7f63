"""Outbox action shapes."""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from blackboard.models.vocabulary import ActionStatus
from blackboard.schemas.limits import BoardInput, Count, Id


class ActionIn(BoardInput):
    """A side effect to perform once; the same ``idempotency_key`` returns the stored one."""

    model_config = ConfigDict(extra="forbid")

    idempotency_key: str = Field(min_length=1, max_length=300)
    kind: str = Field(min_length=1, max_length=100)
    target: str = Field(default="", max_length=500)
    agent: str = Field(default="human", min_length=1, max_length=100)
    task_id: Id | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


class ActionPatch(BoardInput):
    """An outcome recorded for an action."""

    model_config = ConfigDict(extra="forbid")

    version: Count
    status: ActionStatus
    response: dict[str, Any] | None = None
    error: str | None = None


class ActionOut(BaseModel):
    """A stored action."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    idempotency_key: str
    kind: str
    target: str
    agent: str
    task_id: int | None
    payload: dict[str, Any]
    status: str
    attempts: int
    response: dict[str, Any]
    error: str | None
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
