"""Following board events from a cursor stored on the board, across restarts.

A subscriber is a named consumer of board events (the control loop, the Telegram answer
watcher, ...). Its cursor lives in ``board_state`` under its name, so a restarted process
resumes after the last event it handled. With no stored cursor it starts either from now on
(``StartAt.NOW``: the newest event in the log) or from the beginning (``StartAt.BEGINNING``),
and stores that starting point at once.
The cursor is saved at most every ``save_every_s`` seconds while events flow and once more
when following stops; it only ever names events that were handled, so a restart may replay
the few handled since the last save (consumers make replays harmless) but never skips one.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable

from blackboard.events.listener import BoardEvent, BoardListener, latest_event_id
from blackboard.runtime import Board
from blackboard.services.state import read_state, write_state

logger = logging.getLogger(__name__)

EventHandler = Callable[[BoardEvent], Awaitable[None]]


class StartAt(enum.Enum):
    """Where a subscriber with no stored cursor begins."""

    NOW = "now"
    BEGINNING = "beginning"


class BoardSubscriber:
    """Feeds the events of ``tables`` to a handler; ``cursor`` is the last event handled."""

    def __init__(
        self,
        board: Board,
        name: str,
        tables: frozenset[str],
        *,
        start: StartAt,
        poll_interval: float = 5.0,
        save_every_s: float = 1.0,
    ) -> None:
        self.board = board
        self.name = name
        self.tables = tables
        self.start = start
        self.poll_interval = poll_interval
        self.save_every_s = save_every_s
        self.cursor = 0
        self._saved = 0
        self._saved_at = 0.0

    async def stored_cursor(self) -> int | None:
        """The cursor saved under this subscriber's name, or ``None`` before its first save."""
        async with self.board.sessions() as session:
            stored = await read_state(session, self.name)
        return int(stored["event_id"]) if stored else None

    async def follow(self, handle: EventHandler, ready: asyncio.Event | None = None) -> None:
        """Hand each event to ``handle`` until cancelled; ``ready`` is set once listening.

        A handler's failure is logged and the event counts as handled (the next one follows).
        """
        stored = await self.stored_cursor()
        if stored is not None:
            self.cursor = stored
        elif self.start is StartAt.NOW:
            self.cursor = await latest_event_id(self.board.db.uri)
        if stored is None:
            await self._save()  # a restart before the first event resumes from here
        listener = BoardListener(
            self.board.db.uri,
            cursor=self.cursor,
            tables=self.tables,
            poll_interval=self.poll_interval,
        )
        if ready is not None:
            ready.set()
        try:
            async for event in listener:
                try:
                    await handle(event)
                except Exception:
                    logger.exception("%s failed on %s; moving on", self.name, event)
                self.cursor = max(self.cursor, event.event_id)
                await self._save_now_and_then()
        finally:
            await listener.close()
            if self.cursor > self._saved:
                await self._save()

    async def _save_now_and_then(self) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._saved_at >= self.save_every_s:
            self._saved_at = now
            await self._save()

    async def _save(self) -> None:
        async with self.board.sessions() as session:
            await write_state(session, self.name, {"event_id": self.cursor})
            await session.commit()
        self._saved = self.cursor
