"""A behaviour's records on the board: the newest one it wrote about an entry.

The triager, the reviewer and the others keep a record (a ``contribution`` entry with their tag)
per piece of work, whose ``meta`` names the entry it is about (``meta.issue``, ``meta.pull``);
the newest tells what was done last (labels chosen, head reviewed).
"""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board


async def newest_record(board: Board, tag: str, about: str, entry_id: int) -> Entry | None:
    """The newest ``contribution`` tagged ``tag`` whose ``meta[about]`` is ``entry_id``."""
    async with board.sessions() as session:
        record: Entry | None = await session.scalar(
            select(Entry)
            .where(
                Entry.kind == EntryKind.CONTRIBUTION,
                Entry.tags.contains([tag]),
                Entry.meta[about].astext == str(entry_id),
            )
            .order_by(Entry.id.desc())
            .limit(1)
        )
    return record
