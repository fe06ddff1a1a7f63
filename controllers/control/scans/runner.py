"""One round of a soul's scheduled scans: the entries its scans find become tasks on the board.

A task goes to the soul itself or to the teammate the scan names (``to``), records the soul as
its creator (``created_by``) and is keyed ``scan:<scan>:<entry>``, so a scan never creates a
second task for one entry, however often it runs. An entry someone is working on already (an
open task) is left alone. Every task passes the loop guards (chain depth, goal budget, no
self-wake) and the soul's daily budget: once that is spent the round stops and says why in the
log and in its report. Control enqueues the new tasks when it sees them (``loop.py``).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import exists, literal
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryKind, TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.tasks import TaskIn
from blackboard.services.tasks import TaskService
from controllers.control.guards import check, entry_depth, goal_tasks
from controllers.control.scans.budget import spent, used_today, utc_now
from controllers.control.scans.queries import SCANS
from controllers.control.settings import ControlSettings
from knowledge_sources.souls import Soul
from knowledge_sources.souls.schedule import ScanName, ScanSpec

logger = logging.getLogger(__name__)

OPEN = (TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.ACTIVE)
MAX_SKIPPED = 100
"""How many entries past its room a round reads, for those the loop guards refuse."""


@dataclass
class ScanReport:
    """What one round did: the task ids it created per scan, and why it stopped early."""

    soul: str
    created: dict[str, list[int]] = field(default_factory=dict)
    refused: str | None = None

    @property
    def count(self) -> int:
        """How many tasks the round created."""
        return sum(len(ids) for ids in self.created.values())


def dedupe_key(scan: ScanName, entry_id: int) -> str:
    """The key of the one task a scan may create for an entry."""
    return f"scan:{scan.value}:{entry_id}"


async def run_scans(
    board: Board,
    soul: Soul,
    souls: Mapping[str, Soul],
    settings: ControlSettings,
    now: datetime.datetime | None = None,
) -> ScanReport:
    """Run every scan of ``soul``'s schedule once, in one transaction."""
    report = ScanReport(soul.name)
    if soul.schedule is None:
        return report
    now = now or utc_now()
    async with board.sessions() as session:
        use = await used_today(session, soul.name, now)
        service = TaskService(session, autocommit=False)
        for spec in soul.schedule.scans:
            report.refused = spent(use, soul.schedule)
            if report.refused:
                break
            room = soul.schedule.daily_tasks - use.tasks
            ids, more = await _one_scan(session, service, soul, spec, souls, settings, room)
            use.tasks += len(ids)
            report.created[spec.scan.value] = ids
            if more:
                report.refused = spent(use, soul.schedule)
                break
        await session.commit()
    if report.refused:
        logger.warning("%s's scans stop for today: %s", soul.name, report.refused)
    if report.count:
        logger.info("%s's scans created %s task(s): %s", soul.name, report.count, report.created)
    return report


async def _one_scan(
    session: AsyncSession,
    service: TaskService,
    soul: Soul,
    spec: ScanSpec,
    souls: Mapping[str, Soul],
    settings: ControlSettings,
    room: int,
) -> tuple[list[int], bool]:
    """Tasks for up to ``room`` entries the scan finds (oldest first), and whether it found
    more than that. Entries the loop guards refuse are skipped (and found again next round:
    up to ``MAX_SKIPPED`` of them do not hide the rest)."""
    assignee = spec.to or soul.name
    if assignee not in souls or not souls[assignee].enabled:
        logger.warning(
            "%s's %s scan names %r, not an enabled soul of the team", soul.name, spec.scan, assignee
        )
        return [], False
    scan = SCANS[spec.scan]
    key = literal(f"scan:{spec.scan.value}:") + Entry.id.cast(Task.dedupe_key.type)
    found = await session.scalars(
        scan.query()
        .where(
            ~exists().where(Task.dedupe_key == key),
            ~exists().where(Task.entry_id == Entry.id, Task.status.in_(OPEN)),
        )
        .order_by(Entry.id)
        .limit(room + MAX_SKIPPED)
    )
    ids: list[int] = []
    for entry in list(found):
        if len(ids) == room:
            return ids, True
        goal_id = _goal_of(entry)
        verdict = check(
            entry, assignee, entry_depth(entry), await goal_tasks(session, goal_id), settings
        )
        if not verdict.allowed:
            logger.info("%s scan skips entry %s: %s", spec.scan, entry.id, verdict.reason)
            continue
        task = await service.create(
            TaskIn(
                agent=assignee,
                entry_id=entry.id,
                reason=f"{soul.name}'s {spec.scan.value} scan found {scan.what}",
                priority=float(entry.priority),
                depth=entry_depth(entry),
                goal_id=goal_id,
                created_by=soul.name,
                dedupe_key=dedupe_key(spec.scan, entry.id),
            )
        )
        ids.append(task.id)
    return ids, False


def _goal_of(entry: Entry) -> int | None:
    if entry.kind == EntryKind.GOAL:
        return entry.id
    goal = entry.meta.get("goal_id")
    return int(goal) if isinstance(goal, int) else None
