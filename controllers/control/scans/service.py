"""The schedule: each soul with a ``schedule`` runs its scans when its cron expression (UTC)
comes round.

Control runs it beside its loop (``controllers/control/loop.py``), so it runs in one process at
a time (control's lease); ``GA_CONTROL_SCANS=false`` turns every schedule off. A round that
fails is logged and the next one runs on time. When a schedule was last due is not remembered
across restarts: a round missed while the team was down is not made up (the next round finds
the same work).
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Callable, Mapping

from croniter import croniter

from blackboard.runtime import Board
from controllers.control.scans.budget import utc_now
from controllers.control.scans.runner import ScanReport, run_scans
from controllers.control.settings import ControlSettings
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime.datetime]


def next_time(cron: str, after: datetime.datetime) -> datetime.datetime:
    """The first time ``cron`` comes round after ``after`` (same time zone)."""
    upcoming: datetime.datetime = croniter(cron, after).get_next(datetime.datetime)
    return upcoming


class ScheduledScans:
    """Runs until cancelled; ``reports`` keeps each soul's latest round."""

    def __init__(
        self,
        board: Board,
        souls: Mapping[str, Soul],
        settings: ControlSettings,
        clock: Clock = utc_now,
    ) -> None:
        self.board = board
        self.souls = dict(souls)
        self.settings = settings
        self.clock = clock
        self.crons = {
            name: soul.schedule.cron
            for name, soul in souls.items()
            if soul.enabled and soul.schedule is not None and settings.scans
        }
        self.reports: dict[str, ScanReport] = {}

    async def run(self) -> None:
        """Sleep until the next soul is due, run its scans, repeat."""
        if not self.crons:
            return
        start = self.clock()
        due = {name: next_time(cron, start) for name, cron in self.crons.items()}
        logger.info(
            "scheduled scans: %s", ", ".join(f"{n} ({c})" for n, c in sorted(self.crons.items()))
        )
        while True:
            wake = min(due.values())
            await asyncio.sleep(max((wake - self.clock()).total_seconds(), 0.0))
            now = self.clock()
            for name, at in sorted(due.items()):
                if at <= now:
                    await self.run_one(name, now)
                    due[name] = next_time(self.crons[name], now)

    async def run_one(self, name: str, now: datetime.datetime) -> None:
        """One round of ``name``'s scans; a failure is logged, not raised."""
        try:
            self.reports[name] = await run_scans(
                self.board, self.souls[name], self.souls, self.settings, now
            )
        except Exception:  # the next round tries again
            logger.exception("%s's scheduled scans failed (the next round retries)", name)
