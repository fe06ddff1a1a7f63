"""The control loop: follows board events and schedules work.

Entry written -> match every soul's triggers -> rate -> guards -> task on the board -> job on
the agent's SAQ queue. Task written (by an agent, a person or the API) -> the queues are made
to match it; a plan's step ended, or the outbox made a plan's issues -> its planner is woken
(``plan_followups``). The loop's cursor lives in ``board_state``, so after a restart it catches
up from where it stopped; dedupe keys make replaying an event harmless. Every ``requeue_s`` it
puts back on the queues any queued task whose job is gone (``Scheduler.requeue_lost``). Beside
it run the souls' scheduled scans (``scans/service.py``): the tasks they write reach the queues
as task events like any other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from blackboard.events import BoardEvent, BoardSubscriber, StartAt
from blackboard.models import Entry
from blackboard.models.vocabulary import EntryStatus
from blackboard.runtime import Board
from controllers.control.matching import match_entry
from controllers.control.plan_followups import PlanFollowups, assigned
from controllers.control.queues import AgentQueues
from controllers.control.scans.service import ScheduledScans
from controllers.control.scheduler import Scheduler
from controllers.control.settings import ControlSettings
from controllers.control.skills import entry_vector, skill_vectors
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)

CURSOR = "control.cursor"
WATCHED = frozenset({"entries", "tasks", "actions"})


class ControlLoop:
    """Runs until cancelled; ``handled`` counts the events it processed."""

    def __init__(
        self,
        board: Board,
        souls: Mapping[str, Soul],
        queues: AgentQueues,
        settings: ControlSettings,
    ) -> None:
        self.board = board
        self.souls = dict(souls)
        self.queues = queues
        self.settings = settings
        self.scheduler = Scheduler(board, queues, self.settings, frozenset(self.souls))
        self.scans = ScheduledScans(board, self.souls, self.settings)
        self.plans = PlanFollowups(board, self.scheduler, self.souls)
        self.skills: dict[str, list[float]] = {}
        self.subscriber = BoardSubscriber(board, CURSOR, WATCHED, start=StartAt.BEGINNING)
        self.handled = 0
        self.ready = asyncio.Event()

    async def run(self) -> None:
        """Follow the board from the stored cursor (the beginning on a new board)."""
        if not self.skills:
            self.skills = await skill_vectors(self.board, self.souls)
        requeue = asyncio.create_task(self._requeue_lost(), name="control-requeue")
        scans = asyncio.create_task(self.scans.run(), name="control-scans")
        try:
            await self.subscriber.follow(self.handle, self.ready)
        finally:
            requeue.cancel()
            scans.cancel()

    async def _requeue_lost(self) -> None:
        """The periodic check: queued tasks whose job is gone are enqueued again."""
        while True:
            await asyncio.sleep(self.settings.requeue_s)
            try:
                await self.scheduler.requeue_lost()
            except Exception:  # the next round tries again
                logger.exception("re-enqueuing lost tasks failed (will retry)")

    async def handle(self, event: BoardEvent) -> None:
        """React to one write."""
        self.handled += 1
        if event.op == "DELETE":
            return
        if event.table == "tasks":
            await self.scheduler.sync_task(event.id)
            await self.plans.on_task(event.id)
        elif event.table == "actions":
            await self.plans.on_action(event.id)
        elif event.table == "entries":
            await self.on_entry(event.id)

    async def on_entry(self, entry_id: int) -> None:
        """Schedule every agent whose trigger admits the entry."""
        async with self.board.sessions() as session:
            entry = await session.get(Entry, entry_id)
            if entry is None or entry.status == EntryStatus.GONE or assigned(entry):
                return  # gone, or work its author gave to a named teammate
            vector = await entry_vector(session, entry_id)
            matches = match_entry(entry, vector, self.souls, self.skills)
            if matches:
                await self.scheduler.schedule_matches(session, entry, matches)
