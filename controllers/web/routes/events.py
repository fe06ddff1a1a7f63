"""Live updates: board events as server-sent events (the pages refresh what changed)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from litestar import get
from litestar.di import NamedDependency
from litestar.response import ServerSentEvent, ServerSentEventMessage

from blackboard.events import BoardListener, latest_event_id
from blackboard.runtime import Board

WATCHED = frozenset({"entries", "links", "tasks"})


@get("/events")
async def board_events(board: NamedDependency[Board]) -> ServerSentEvent:
    """One ``board`` event per write to entries, links or tasks, from now on."""
    cursor = await latest_event_id(board.db.uri)

    async def stream() -> AsyncIterator[ServerSentEventMessage]:
        listener = BoardListener(board.db.uri, cursor=cursor, tables=WATCHED, poll_interval=15.0)
        yield ServerSentEventMessage(comment="following the board")
        try:
            async for event in listener:
                data = {"table": event.table, "id": event.id, "op": event.op}
                yield ServerSentEventMessage(
                    data=json.dumps(data), event="board", id=str(event.event_id)
                )
        finally:
            await listener.close()

    return ServerSentEvent(stream())
