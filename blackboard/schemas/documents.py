"""A document to store (``POST /documents``, the document service) and what storing it did."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from blackboard.models.vocabulary import EntryKind
from blackboard.schemas.entries import MAX_BODY_CHARS, EntryOut
from blackboard.schemas.limits import BoardInput, Id, Tag
from blackboard.splitting import Format

DOCUMENT_KINDS = (EntryKind.DOCUMENT, EntryKind.RESEARCH_NOTE, EntryKind.DEPENDENCY_DOC)


class DocumentIn(BoardInput):
    """A document to store: markdown by default."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="Default: the first top heading, else the store.",
    )
    format: Format = Format.MARKDOWN
    kind: EntryKind = EntryKind.DOCUMENT
    store: str = Field(default="api", min_length=1, max_length=90, pattern=r"^[\w.@:/-]+$")
    source_uri: str | None = Field(default=None, max_length=2000)
    tags: list[Tag] = Field(default_factory=list, max_length=40)
    author: str = Field(default="human", min_length=1, max_length=200)
    parent_id: Id | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @field_validator("kind")
    @classmethod
    def _a_document_kind(cls, kind: EntryKind) -> EntryKind:
        if kind not in DOCUMENT_KINDS:
            allowed = ", ".join(k.value for k in DOCUMENT_KINDS)
            raise ValueError(f"a document is one of: {allowed} (not {kind.value})")
        return kind

    @field_validator("body")
    @classmethod
    def _not_blank(cls, body: str) -> str:
        if not body.strip():
            raise ValueError("the document is empty")
        return body


class DocumentOut(BaseModel):
    """The stored entry and what storing it did to its chunks."""

    entry: EntryOut
    chunks: int
    embedded: int
    kept: int
    removed: int
