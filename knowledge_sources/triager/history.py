"""Whether an issue was triaged already, and whether a person asked for it again.

A triage leaves a record on the board: a ``contribution`` entry tagged ``triage`` whose
``meta.issue`` is the issue's entry. An issue with a record is not triaged again unless a
person asks: a ``/triage`` comment newer than the record (mirrored with the tag
``command:triage``), a task a person created (the board's task controls), or the issue was
closed at its last triage and is open again (reopened). An issue without a record is left
alone when it is closed or already has labels (a person triaged it: the first sync of an old
repository comments on nothing) unless a person asks.
"""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.runtime import Board
from knowledge_sources.records import newest_record

RECORD_TAG = "triage"
COMMAND_TAG = "command:triage"
MACHINE_CREATORS = frozenset({"control"})
"""Task creators that are not a person (the control loop; souls are added by the caller)."""


async def last_record(board: Board, issue_id: int) -> Entry | None:
    """The newest triage record of the issue's entry."""
    return await newest_record(board, RECORD_TAG, "issue", issue_id)


async def why_again(
    board: Board, issue: Entry, task: Task, souls: frozenset[str]
) -> tuple[bool, str]:
    """Whether to triage the issue (again), and why (or why not)."""
    if task.created_by not in MACHINE_CREATORS | souls:
        return True, f"{task.created_by} asked for it (task {task.id})"
    record = await last_record(board, issue.id)
    if record is None:
        return _first_time(issue)
    if issue.status == EntryStatus.OPEN and record.meta.get("issue_status") == EntryStatus.CLOSED:
        return True, "the issue was reopened"
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
    if asked is not None:
        return True, f"{asked.author} asked with /triage"
    return False, f"triaged before (board entry {record.id}) and nobody asked again"


def _first_time(issue: Entry) -> tuple[bool, str]:
    """An issue never triaged: skipped when closed, or labelled already (a person did it)."""
    if issue.status != EntryStatus.OPEN:
        return False, f"the issue is {issue.status}"
    if issue.meta.get("labels"):
        return False, "the issue has labels already (a person triaged it)"
    return True, "not triaged yet"
