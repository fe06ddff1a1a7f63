"""Links: typed edges between entries (cites with its quoted passage, answers, refines...)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base


class Link(Base):
    """``source`` --kind--> ``target``; a ``cites`` link carries the quote and the chunk."""

    __tablename__ = "links"

    source_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    quote: Mapped[str | None] = mapped_column(Text, default=None)
    chunk_id: Mapped[int | None] = mapped_column(
        ForeignKey("chunks.id", ondelete="SET NULL"), default=None
    )
    author: Mapped[str] = mapped_column(String(200), default="human")
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB, default=dict)
