"""Signed-in web view sessions: the server-side half of the ``ga_session`` cookie.

The columns are the ones advanced-alchemy's ``SQLAlchemyStore`` (a Litestar store) reads and
writes: ``key`` is the session id the server issued, ``value`` the serialised session, and
``expires_at`` when it stops counting. Kept on the board so a restart signs nobody out.
"""

from __future__ import annotations

import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base


class WebSession(Base):
    """One server-issued session id and its data, until ``expires_at``."""

    __tablename__ = "web_sessions"
    __table_args__ = (UniqueConstraint("key", "namespace"),)

    key: Mapped[str] = mapped_column(String(255))
    namespace: Mapped[str] = mapped_column(String(255))
    value: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), index=True
    )
