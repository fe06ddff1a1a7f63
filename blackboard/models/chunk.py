"""Chunks: the searchable passages of an entry, with embedding and full-text vector."""

from __future__ import annotations

from pgvector.sqlalchemy import Vector
from sqlalchemy import Computed, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from blackboard.models.base import Base

EMBEDDING_DIM = 384
"""Width of ``chunks.embedding`` (all-MiniLM-L6-v2); another width needs a migration."""


class Chunk(Base):
    """A passage of an entry: its place (ordinal, heading path, lines), vector and tsvector."""

    __tablename__ = "chunks"
    __table_args__ = (
        # The graph is built over the vector cast to halfvec (half the bytes, same recall in
        # ``bench search``); the column keeps full precision. Queries must use the same cast
        # (``blackboard.search.hybrid``) for PostgreSQL to pick this index. ef_construction
        # 128 (migration 0007): the recall a million chunks need at a beam they can afford.
        Index(
            "ix_chunks_embedding_hnsw",
            text(f"(embedding::halfvec({EMBEDDING_DIM})) halfvec_cosine_ops"),
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 128},
        ),
        Index("ix_chunks_tsv", "tsv", postgresql_using="gin"),
        Index("ix_chunks_entry_ordinal", "entry_id", "ordinal"),
    )

    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    heading_path: Mapped[str] = mapped_column(String(1000), default="")
    start_line: Mapped[int | None] = mapped_column(default=None)
    end_line: Mapped[int | None] = mapped_column(default=None)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    embedding: Mapped[list[float] | None] = mapped_column(Vector(EMBEDDING_DIM), default=None)
    tsv: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('english', coalesce(heading_path, '') || ' ' || text)", persisted=True
        ),
    )
