"""Board events: every write notifies; a listener catches up after a forced disconnect."""

from __future__ import annotations

import asyncio

import psycopg

from blackboard.events import BoardEvent, BoardListener, latest_event_id
from blackboard.runtime import Board
from tests.api_client import api


async def _collect(listener: BoardListener, count: int, limit_s: float = 15.0) -> list[BoardEvent]:
    got: list[BoardEvent] = []

    async def run() -> None:
        async for event in listener:
            got.append(event)
            if len(got) >= count:
                return

    await asyncio.wait_for(run(), limit_s)
    return got


async def test_writes_of_entries_tasks_actions_notify(board: Board) -> None:
    uri = board.db.uri
    listener = BoardListener(uri, cursor=await latest_event_id(uri))
    waiter = asyncio.create_task(_collect(listener, 4))
    await asyncio.sleep(0.3)
    async with api(board) as client:
        entry = (await client.post("/entries", json={"kind": "goal", "title": "Ship it"})).json()
        await client.patch(f"/entries/{entry['id']}", json={"version": 1, "status": "active"})
        task = await client.post("/tasks", json={"agent": "planner", "entry_id": entry["id"]})
        action = await client.post(  # a person may comment (not speak through a bot)
            "/actions", json={"idempotency_key": "k1", "kind": "gitea.comment.create"}
        )
    events = await waiter
    await listener.close()
    assert [(e.table, e.op) for e in events] == [
        ("entries", "INSERT"),
        ("entries", "UPDATE"),
        ("tasks", "INSERT"),
        ("actions", "INSERT"),
    ]
    assert events[0].id == entry["id"]
    assert events[2].id == task.json()["id"]
    assert events[3].id == action.json()["id"]
    assert [e.event_id for e in events] == sorted(e.event_id for e in events)


async def test_catches_up_after_forced_disconnect(board: Board) -> None:
    uri = board.db.uri
    listener = BoardListener(
        uri, cursor=await latest_event_id(uri), reconnect_delay=1.0, tables=frozenset({"entries"})
    )
    got: list[BoardEvent] = []
    connected = asyncio.Event()

    async def follow() -> None:
        async for event in listener:
            got.append(event)
            connected.set()

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0.3)
    async with api(board) as client:
        first = (await client.post("/entries", json={"kind": "goal", "title": "before"})).json()
        await asyncio.wait_for(connected.wait(), 10)

        assert listener._conn is not None
        backend = listener._conn.info.backend_pid
        async with await psycopg.AsyncConnection.connect(uri, autocommit=True) as admin:
            await admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
        written = []
        for title in ("while-down-1", "while-down-2", "while-down-3"):
            written.append(
                (await client.post("/entries", json={"kind": "goal", "title": title})).json()["id"]
            )

        for _ in range(100):
            if len(got) >= 4:
                break
            await asyncio.sleep(0.1)
    await listener.close()
    follower.cancel()
    assert listener.reconnects >= 1
    assert [e.id for e in got] == [first["id"], *written]


async def test_new_listener_resumes_from_cursor(board: Board) -> None:
    uri = board.db.uri
    async with api(board) as client:
        cursor = await latest_event_id(uri)
        ids = [
            (await client.post("/entries", json={"kind": "goal", "title": f"g{i}"})).json()["id"]
            for i in range(3)
        ]
    listener = BoardListener(uri, cursor=cursor, tables=frozenset({"entries"}))
    events = await _collect(listener, 3)
    await listener.close()
    assert [e.id for e in events] == ids
    assert listener.cursor > cursor
