"""Actions: the outbox of side effects on the outside world (Gitea, Telegram)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base
from blackboard.models.vocabulary import ActionStatus


class Action(Base):
    """An external write, done at most once per ``idempotency_key``."""

    __tablename__ = "actions"

    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(100), index=True)
    target: Mapped[str] = mapped_column(String(500), default="")
    agent: Mapped[str] = mapped_column(String(100), default="human")
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="SET NULL"), default=None, index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    response: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
