"""hnsw_ef_construction_128: build the HNSW graph with ef_construction 128 (was 64)

``bench search`` at 1,000,000 chunks (docs/benchmarks.md): with ef_construction 64 a search
beam of 100 found 0.83-0.84 of the exact top 10 and even a beam of 300 only 0.94-0.96, build
to build; with 128, a beam of 100 finds 0.96 and 200 finds 0.99, at the same index size and
build memory, for about 1.7x the build time. The index is rebuilt here with maintenance_work_mem
sized to the board's chunks; on a large board this migration takes as long as that build
(about 21 minutes at a million chunks on 2 cores; seconds for a few thousand).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_chunks_embedding_hnsw"


def _rebuild(ef_construction: int) -> None:
    from blackboard.search.vector_index import build_memory_bytes

    op.drop_index(INDEX, table_name="chunks", if_exists=True)
    rows = op.get_bind().exec_driver_sql("SELECT count(*) FROM chunks").scalar_one()
    memory_kb = build_memory_bytes(int(rows)) // 1024
    op.execute(f"SET LOCAL maintenance_work_mem = '{memory_kb}kB'")
    op.execute(
        f"CREATE INDEX {INDEX} ON chunks USING hnsw ((embedding::halfvec(384)) halfvec_cosine_ops)"
        f" WITH (m = 16, ef_construction = {ef_construction})"
    )


def upgrade() -> None:
    _rebuild(128)


def downgrade() -> None:
    _rebuild(64)
