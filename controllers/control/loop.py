"""The control loop: follows board events and schedules work.

Entry written -> match every soul's triggers -> rate -> guards -> task on the board -> job on
the agent's SAQ queue. Task written (by an agent, a person or the API) -> the queues are made
to match it. The loop's cursor lives in ``board_state``, so after a restart it catches up from
where it stopped; dedupe keys make replaying an event harmless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from blackboard.events import BoardEvent, BoardListener
from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.control.matching import match_entry
from controllers.control.queues import AgentQueues
from controllers.control.scheduler import Scheduler
from controllers.control.settings import ControlSettings
from controllers.control.skills import entry_vector, skill_vectors
from controllers.control.state import CONTROL_CURSOR, read_state, write_state
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)

WATCHED = frozenset({"entries", "tasks"})
CURSOR_SAVE_S = 1.0


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
        self.skills: dict[str, list[float]] = {}
        self.listener: BoardListener | None = None
        self.handled = 0
        self._cursor_saved_at = 0.0
        self.ready = asyncio.Event()

    async def run(self) -> None:
        """Follow the board from the stored cursor (the beginning on a new board)."""
        if not self.skills:
            self.skills = await skill_vectors(self.board, self.souls)
        async with self.board.sessions() as session:
            stored = await read_state(session, CONTROL_CURSOR)
        cursor = int(stored["event_id"]) if stored else 0
        self.listener = BoardListener(self.board.db.uri, cursor=cursor, tables=WATCHED)
        self.ready.set()
        try:
            async for event in self.listener:
                try:
                    await self.handle(event)
                except Exception:
                    logger.exception("control failed on %s; moving on", event)
                await self._maybe_save_cursor(event.event_id)
        finally:
            if self.listener.cursor:
                await self._save_cursor(self.listener.cursor)
            await self.listener.close()

    async def handle(self, event: BoardEvent) -> None:
        """React to one write."""
        self.handled += 1
        if event.op == "DELETE":
            return
        if event.table == "tasks":
            await self.scheduler.sync_task(event.id)
        elif event.table == "entries":
            await self.on_entry(event.id)

    async def on_entry(self, entry_id: int) -> None:
        """Schedule every agent whose trigger admits the entry."""
        async with self.board.sessions() as session:
            entry = await session.get(Entry, entry_id)
            if entry is None or entry.status == "gone":
                return
            vector = await entry_vector(session, entry_id)
            matches = match_entry(entry, vector, self.souls, self.skills)
            if matches:
                await self.scheduler.schedule_matches(session, entry, matches)

    async def _maybe_save_cursor(self, event_id: int) -> None:
        """Persist the cursor at most every CURSOR_SAVE_S (a replayed event is harmless)."""
        now = asyncio.get_running_loop().time()
        if now - self._cursor_saved_at >= CURSOR_SAVE_S:
            self._cursor_saved_at = now
            await self._save_cursor(event_id)

    async def _save_cursor(self, event_id: int) -> None:
        async with self.board.sessions() as session:
            await write_state(session, CONTROL_CURSOR, {"event_id": event_id})
            await session.commit()
