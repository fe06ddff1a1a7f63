"""Small named values the platform keeps on the board (e.g. the control loop's event cursor)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base


class BoardState(Base):
    """``name`` -> JSON value; written by one component, read back after a restart."""

    __tablename__ = "board_state"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
