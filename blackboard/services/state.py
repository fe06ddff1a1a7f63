"""Reading and writing named values in ``board_state`` (e.g. an event subscriber's cursor)."""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import BoardState


async def read_state(session: AsyncSession, name: str) -> dict[str, Any] | None:
    """The stored value, or ``None``."""
    value = await session.scalar(select(BoardState.value).where(BoardState.name == name))
    return None if value is None else dict(value)


async def write_state(session: AsyncSession, name: str, value: dict[str, Any]) -> None:
    """Insert or replace the value (the caller commits)."""
    now = datetime.datetime.now(datetime.UTC)
    stmt = insert(BoardState).values(name=name, value=value, created_at=now, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[BoardState.name], set_={"value": value, "updated_at": now}
    )
    await session.execute(stmt)
