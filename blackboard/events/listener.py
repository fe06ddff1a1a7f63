"""Following board events: LISTEN for speed, catch-up from a cursor for completeness.

Triggers write every change of entries, links, tasks and actions to ``board_events`` and
``pg_notify`` its ids. A listener LISTENs first and then reads the log after its cursor, so an
event is seen either way; after a dropped connection it reconnects and catches up again.
Ids come from a sequence, so a transaction that started earlier can commit a smaller id after
a larger one; the catch-up therefore re-reads a window of ``lookback`` ids below the cursor
and drops the ones it has already delivered. A listener never goes below the cursor it was
created with: what a consumer stored as done stays done.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass

import psycopg

logger = logging.getLogger(__name__)

CHANNEL = "board_events"


@dataclass(frozen=True)
class BoardEvent:
    """One write: which table, which row, what happened, and its place in the log."""

    event_id: int
    table: str
    id: int
    op: str


async def latest_event_id(uri: str) -> int:
    """The newest event id (0 on an empty log): a cursor that means 'from now on'."""
    async with await psycopg.AsyncConnection.connect(uri, autocommit=True) as conn:
        row = await (await conn.execute("SELECT coalesce(max(id), 0) FROM board_events")).fetchone()
        return int(row[0]) if row else 0


class BoardListener:
    """An async iterator of board events after ``cursor``, surviving reconnects."""

    def __init__(
        self,
        uri: str,
        cursor: int = 0,
        lookback: int = 1000,
        poll_interval: float = 5.0,
        reconnect_delay: float = 0.2,
        tables: frozenset[str] | None = None,
    ) -> None:
        self.uri = uri
        self.cursor = cursor
        self._floor = cursor
        self.lookback = lookback
        self.poll_interval = poll_interval
        self.reconnect_delay = reconnect_delay
        self.tables = tables
        self.reconnects = 0
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._conn: psycopg.AsyncConnection[tuple[object, ...]] | None = None
        self._closed = False

    async def close(self) -> None:
        """Stop iterating."""
        self._closed = True
        await self._drop()

    async def drop_connection(self) -> None:
        """Close the current connection (as a network failure would); the iterator reconnects."""
        await self._drop()

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def __aiter__(self) -> AsyncIterator[BoardEvent]:
        delay = self.reconnect_delay
        while not self._closed:
            try:
                self._conn = await psycopg.AsyncConnection.connect(self.uri, autocommit=True)
                await self._conn.execute(f"LISTEN {CHANNEL}")
                delay = self.reconnect_delay
                async for event in self._follow(self._conn):
                    yield event
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                if self._closed:
                    return
                self.reconnects += 1
                logger.warning("board listener lost its connection (%s); reconnecting", exc)
                await self._drop()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _follow(
        self, conn: psycopg.AsyncConnection[tuple[object, ...]]
    ) -> AsyncIterator[BoardEvent]:
        for event in await self._catch_up(conn):
            yield event
        while not self._closed:
            got_any = False
            async for notify in conn.notifies(timeout=self.poll_interval):
                got_any = True
                parsed = _parse(notify.payload)
                if parsed is not None and self._accept(parsed):
                    yield parsed
            if self._conn is not conn:
                raise psycopg.OperationalError("connection dropped")
            if not got_any:
                for event in await self._catch_up(conn):
                    yield event

    async def _catch_up(
        self, conn: psycopg.AsyncConnection[tuple[object, ...]]
    ) -> list[BoardEvent]:
        cur = await conn.execute(
            "SELECT id, table_name, row_id, op FROM board_events WHERE id > %s ORDER BY id",
            (self._window_start(),),
        )
        rows = await cur.fetchall()
        events = [BoardEvent(int(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in rows]  # type: ignore[call-overload]
        return [e for e in events if self._accept(e)]

    def _window_start(self) -> int:
        """Events at or below this id were delivered (or predate the starting cursor)."""
        return max(self._floor, self.cursor - self.lookback)

    def _accept(self, event: BoardEvent) -> bool:
        if event.event_id in self._seen:
            return False
        if event.event_id <= self._window_start():
            return False
        self._seen[event.event_id] = None
        if len(self._seen) > 4 * self.lookback:
            self._seen.popitem(last=False)
        self.cursor = max(self.cursor, event.event_id)
        return self.tables is None or event.table in self.tables


def _parse(payload: str) -> BoardEvent | None:
    try:
        data = json.loads(payload)
        return BoardEvent(
            int(data["event_id"]), str(data["table"]), int(data["id"]), str(data["op"])
        )
    except (ValueError, KeyError, TypeError):
        logger.warning("ignoring malformed board event payload %r", payload[:200])
        return None
