"""Entries: everything the team knows, one row per goal, question, document, Gitea object..."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base
from blackboard.models.vocabulary import EntryStatus


class Entry(Base):
    """One item on the board. ``source_uri`` + ``source_version`` make outside input idempotent."""

    __tablename__ = "entries"
    __table_args__ = (
        Index("ix_entries_kind_created", "kind", "created_at"),
        Index("ix_entries_tags", "tags", postgresql_using="gin"),
        Index(
            "uq_entries_source_uri",
            "source_uri",
            unique=True,
            postgresql_where=text("source_uri IS NOT NULL"),
        ),
        Index(
            "ix_entries_source_prefix",
            "source_uri",
            postgresql_ops={"source_uri": "text_pattern_ops"},
        ),
    )

    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    source_uri: Mapped[str | None] = mapped_column(String(2000), default=None)
    source_version: Mapped[str | None] = mapped_column(String(200), default=None)
    content_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    author: Mapped[str] = mapped_column(String(200), default="human")
    status: Mapped[str] = mapped_column(String(40), default=EntryStatus.OPEN, index=True)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    priority: Mapped[int] = mapped_column(default=0)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("entries.id", ondelete="SET NULL"), default=None, index=True
    )
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB, default=dict)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
