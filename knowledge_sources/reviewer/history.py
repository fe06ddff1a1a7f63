"""The reviews the reviewer left on a pull request, and whether to review it (again).

A review leaves a record on the board: a ``contribution`` entry tagged ``review`` whose
``meta.pull`` is the pull request's entry and ``meta.head_sha`` the head it read. A pull
request whose head has not moved since is not reviewed again unless a person asks (a task a
person created through the board's task controls). A new head is reviewed from the last
reviewed one on (``since``). A closed or merged pull request is left alone, and so is a
webhook's partial copy: its changed files (which route migration pull requests to the
migrations specialist) arrive with the full copy, which wakes the reviewers again; and so is
a task scheduled for an older text of the pull request (the webhook's copy, say): the control
loop has routed the new text already.
"""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryStatus
from blackboard.runtime import Board
from blackboard.services.match_keys import scheduled_for_older_version
from ingest.gitea.webhooks.events import PARTIAL
from knowledge_sources.records import newest_record

RECORD_TAG = "review"
MACHINE_CREATORS = frozenset({"control"})
REROUTED = (
    "the pull request changed after this task was scheduled; its new version has been routed "
    "afresh (a new task, to whichever soul its triggers pick now)"
)
WAITING = (
    "only a webhook's copy is on the board, without the changed files that decide who "
    "reviews it; the full copy from Gitea (the webhook's enrichment or the sync) comes next"
)


@dataclass(frozen=True)
class Plan:
    """Whether to review, why, and from which head on (``since``: the last reviewed head)."""

    go: bool
    why: str
    since: str | None = None


async def last_record(board: Board, pull_id: int) -> Entry | None:
    """The newest review record of the pull request's entry."""
    return await newest_record(board, RECORD_TAG, "pull", pull_id)


async def plan(board: Board, pull: Entry, head: str, task: Task, souls: frozenset[str]) -> Plan:
    """Whether to review ``pull`` at ``head`` now, and what it covers."""
    if pull.status != EntryStatus.OPEN:
        return Plan(False, f"the pull request is {pull.status}")
    if str(pull.source_version or "").endswith(PARTIAL):
        return Plan(False, WAITING)
    if scheduled_for_older_version(task, pull):
        return Plan(False, REROUTED)
    record = await last_record(board, pull.id)
    if task.created_by not in MACHINE_CREATORS | souls:
        return Plan(True, f"{task.created_by} asked for it (task {task.id})")
    if record is None:
        return Plan(True, "not reviewed yet")
    reviewed = str(record.meta.get("head_sha") or "")
    if reviewed != head:
        return Plan(True, f"new commits since {reviewed[:12]}", since=reviewed or None)
    return Plan(False, f"reviewed at {head[:12]} already (board entry {record.id}); no new commits")
