"""Whether an issue was triaged already, and whether a person asked for it again.

A triage leaves a record on the board: a ``contribution`` entry tagged ``triage`` whose
``meta.issue`` is the issue's entry. An issue with a record is not triaged again unless a
person asks: a ``/triage`` comment newer than the record (mirrored with the tag
``command:triage``), a task a person created (the board's task controls), or the issue was
closed at its last triage and is open again (reopened).
"""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.runtime import Board

RECORD_TAG = "triage"
COMMAND_TAG = "command:triage"
MACHINE_CREATORS = frozenset({"control"})
"""Task creators that are not a person (the control loop; souls are added by the caller)."""


async def last_record(board: Board, issue_id: int) -> Entry | None:
    """The newest triage record of the issue's entry."""
    async with board.sessions() as session:
        record: Entry | None = await session.scalar(
            select(Entry)
            .where(
                Entry.kind == EntryKind.CONTRIBUTION,
                Entry.tags.contains([RECORD_TAG]),
                Entry.meta["issue"].astext == str(issue_id),
            )
            .order_by(Entry.id.desc())
            .limit(1)
        )
    return record


async def why_again(board: Board, issue: Entry, task: Task, souls: frozenset[str]) -> str | None:
    """Why the issue is to be triaged (again), or ``None`` when it was done and nobody asked."""
    record = await last_record(board, issue.id)
    if record is None:
        return "not triaged yet"
    if task.created_by not in MACHINE_CREATORS | souls:
        return f"{task.created_by} asked for it (task {task.id})"
    if issue.status == EntryStatus.OPEN and record.meta.get("issue_status") == EntryStatus.CLOSED:
        return "the issue was reopened"
    async with board.sessions() as session:
        asked = await session.scalar(
            select(Entry)
            .where(
                Entry.kind == EntryKind.GITEA_COMMENT,
                Entry.parent_id == issue.id,
                Entry.tags.contains([COMMAND_TAG]),
                Entry.id > record.id,
            )
            .limit(1)
        )
    return f"{asked.author} asked with /triage" if asked is not None else None
