"""tasks by creator: an index for a soul's daily budget and ``tasks list --created-by``

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_tasks_created_by_created_at", "tasks", ["created_by", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_created_by_created_at", table_name="tasks")
