"""Entry shapes: what a caller may post or patch, and what the board returns."""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.schemas.limits import BoardInput, Count, Id, Tag

MAX_BODY_CHARS = 2_000_000
"""The board refuses entry bodies longer than this."""


class EntryIn(BoardInput):
    """A new entry. ``source_uri`` makes it an idempotent upsert of outside input."""

    model_config = ConfigDict(extra="forbid")

    kind: EntryKind
    title: str = Field(min_length=1, max_length=500)
    body: str = Field(default="", max_length=MAX_BODY_CHARS)
    source_uri: str | None = Field(default=None, max_length=2000)
    source_version: str | None = Field(default=None, max_length=200)
    author: str = Field(default="human", min_length=1, max_length=200)
    status: str = Field(default=EntryStatus.OPEN, min_length=1, max_length=40)
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    priority: int = Field(default=0, ge=-1000, le=1000)
    parent_id: Id | None = None
    meta: dict[str, Any] = Field(default_factory=dict)


class EntryPatch(BoardInput):
    """Fields to change; ``version`` must match the stored one (optimistic locking)."""

    model_config = ConfigDict(extra="forbid")

    version: Count
    title: str | None = Field(default=None, min_length=1, max_length=500)
    body: str | None = Field(default=None, max_length=MAX_BODY_CHARS)
    status: str | None = Field(default=None, min_length=1, max_length=40)
    tags: list[Tag] | None = Field(default=None, max_length=50)
    priority: int | None = Field(default=None, ge=-1000, le=1000)
    meta: dict[str, Any] | None = None


class EntryOut(BaseModel):
    """An entry as the board holds it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    title: str
    body: str
    source_uri: str | None
    source_version: str | None
    author: str
    status: str
    tags: list[str]
    priority: int
    parent_id: int | None
    meta: dict[str, Any]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
