"""Board events: the monotonic log written by triggers, read by listeners to catch up."""

from __future__ import annotations

import datetime

from advanced_alchemy.base import orm_registry
from sqlalchemy import BigInteger, DateTime, Identity, String, func
from sqlalchemy.orm import Mapped, mapped_column


@orm_registry.mapped
class BoardEvent:
    """One write to entries, links, tasks or actions (ids only, like the NOTIFY payload)."""

    __tablename__ = "board_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
