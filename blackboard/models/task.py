"""Tasks: activation records — which agent works on which entry, why, and how it went."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base
from blackboard.models.vocabulary import TaskStatus


class Task(Base):
    """One scheduled piece of work for one agent; ``dedupe_key`` stops double scheduling."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_agent_status", "agent", "status"),
        Index("ix_tasks_created_by_created_at", "created_by", "created_at"),
        Index(
            "uq_tasks_dedupe_key",
            "dedupe_key",
            unique=True,
            postgresql_where=text("dedupe_key IS NOT NULL"),
        ),
    )

    agent: Mapped[str] = mapped_column(String(100))
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entries.id", ondelete="SET NULL"), default=None, index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[float] = mapped_column(default=0.0)
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    depth: Mapped[int] = mapped_column(default=0)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("entries.id", ondelete="SET NULL"), default=None
    )
    created_by: Mapped[str] = mapped_column(String(200), default="control")
    dedupe_key: Mapped[str | None] = mapped_column(String(300), default=None)
    job_key: Mapped[str | None] = mapped_column(String(300), default=None)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
