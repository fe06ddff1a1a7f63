"""The audit trail: one row for every step in the life of every outbox action."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base


class AuditRecord(Base):
    """Who did what to which action, when (created, attempted, succeeded, failed, refused)."""

    __tablename__ = "audit_log"

    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="SET NULL"), default=None, index=True
    )
    event: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200), default="system")
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
