"""Link shapes."""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from blackboard.models.vocabulary import LinkKind
from blackboard.schemas.limits import BoardInput, Id


class LinkIn(BoardInput):
    """A typed edge; ``cites`` links should carry the quoted passage."""

    model_config = ConfigDict(extra="forbid")

    source_id: Id
    target_id: Id
    kind: LinkKind
    quote: str | None = Field(default=None, max_length=20_000)
    chunk_id: Id | None = None
    author: str = Field(default="human", min_length=1, max_length=200)
    meta: dict[str, Any] = Field(default_factory=dict)


class LinkPatch(BoardInput):
    """Changes to a link (its ends stay as they are)."""

    model_config = ConfigDict(extra="forbid")

    kind: LinkKind | None = None
    quote: str | None = Field(default=None, max_length=20_000)
    meta: dict[str, Any] | None = None


class LinkOut(BaseModel):
    """A stored link."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    source_id: Id
    target_id: Id
    kind: str
    quote: str | None
    chunk_id: int | None
    author: str
    meta: dict[str, Any]
    created_at: datetime.datetime
