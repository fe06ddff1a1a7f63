"""Helpers for the schedule tests: entries on the board, souls with a schedule, task rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from blackboard.models import Entry, Task
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.links import LinkIn
from blackboard.services.entries import EntryService
from blackboard.services.links import LinkService
from knowledge_sources.souls import Soul
from knowledge_sources.souls.schedule import Schedule


async def add_entry(board: Board, kind: str, title: str, **fields: Any) -> Entry:
    """A new entry of ``kind`` (``fields``: status, meta, tags, author, ...)."""
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder())
        data = EntryIn.model_validate({"kind": kind, "title": title, **fields})
        return await service.create(data)


async def add_link(board: Board, source: Entry, target: Entry, kind: str) -> None:
    """``source`` -``kind``-> ``target``."""
    async with board.sessions() as session:
        await LinkService(session).create(
            LinkIn(source_id=source.id, target_id=target.id, kind=kind)
        )


def scheduled(soul: Soul, **schedule: Any) -> Soul:
    """``soul`` with the given schedule (validated like a soul file's)."""
    return soul.model_copy(update={"schedule": Schedule.model_validate(schedule)})


async def tasks(board: Board) -> list[Task]:
    """Every task, in id order."""
    async with board.sessions() as session:
        return list(await session.scalars(select(Task).order_by(Task.id)))
