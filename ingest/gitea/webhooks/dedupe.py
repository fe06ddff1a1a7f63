"""Remembering webhook deliveries by ``X-Gitea-Delivery`` (in the audit log), once each.

A delivery is handled inside a transaction that holds a PostgreSQL advisory lock on its id, so
two copies arriving together are handled once: the second waits, then finds the record.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import AuditRecord
from blackboard.runtime import Board

EVENT = "gitea_webhook"


@dataclass
class Claim:
    """A delivery being handled: ``duplicate`` if it was handled before."""

    session: AsyncSession
    delivery: str
    duplicate: bool

    def record(self, detail: dict[str, Any]) -> None:
        """Note the delivery as handled (written when the claim's transaction commits)."""
        self.session.add(
            AuditRecord(
                action_id=None,
                event=EVENT,
                actor="gitea",
                detail={"delivery": self.delivery, **detail},
            )
        )


@asynccontextmanager
async def claim(board: Board, delivery: str) -> AsyncIterator[Claim]:
    """Lock ``delivery`` for this transaction and say whether it was already handled."""
    async with board.sessions() as session, session.begin():
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:d))"), {"d": f"gitea:{delivery}"}
        )
        found = await session.scalar(
            select(AuditRecord.id)
            .where(AuditRecord.event == EVENT, AuditRecord.detail["delivery"].astext == delivery)
            .limit(1)
        )
        yield Claim(session, delivery, found is not None)
