"""Board subscribers: the cursor is stored under a name, a restart resumes after it, and no
event is handled twice or skipped."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from blackboard.events import BoardEvent, BoardSubscriber, StartAt
from blackboard.runtime import Board
from tests.api_client import api

ENTRIES = frozenset({"entries"})


class Recorder:
    """A handler that remembers the entry ids it saw (and can fail on chosen ones)."""

    def __init__(self, fail_on: frozenset[int] = frozenset()) -> None:
        self.ids: list[int] = []
        self.fail_on = fail_on

    async def __call__(self, event: BoardEvent) -> None:
        self.ids.append(event.id)
        if event.id in self.fail_on:
            raise RuntimeError("handler failure")

    async def wait_for(self, count: int, limit_s: float = 15.0) -> None:
        for _ in range(int(limit_s * 10)):
            if len(self.ids) >= count:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"saw {len(self.ids)} events, expected {count}")


@contextlib.asynccontextmanager
async def following(subscriber: BoardSubscriber, recorder: Recorder) -> AsyncIterator[None]:
    ready = asyncio.Event()
    task = asyncio.create_task(subscriber.follow(recorder, ready))
    await asyncio.wait_for(ready.wait(), 10)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _goals(board: Board, *titles: str) -> list[int]:
    async with api(board) as client:
        return [
            (await client.post("/entries", json={"kind": "goal", "title": t})).json()["id"]
            for t in titles
        ]


async def test_restart_resumes_after_the_stored_cursor(board: Board) -> None:
    await _goals(board, "before the first start")
    first = Recorder()
    subscriber = BoardSubscriber(board, "test.resume", ENTRIES, start=StartAt.NOW)
    async with following(subscriber, first):
        assert await subscriber.stored_cursor() is not None  # 'now' is stored at once
        seen = await _goals(board, "a", "b", "c")
        await first.wait_for(3)
    assert first.ids == seen
    assert await subscriber.stored_cursor() == subscriber.cursor

    while_down = await _goals(board, "while down 1", "while down 2")
    second = Recorder()
    restarted = BoardSubscriber(board, "test.resume", ENTRIES, start=StartAt.NOW)
    async with following(restarted, second):
        await second.wait_for(2)
        after = await _goals(board, "after restart")
        await second.wait_for(3)
        await asyncio.sleep(0.5)  # room for a duplicate to show up
    assert second.ids == [*while_down, *after]
    assert restarted.cursor > subscriber.cursor
    assert await restarted.stored_cursor() == restarted.cursor


async def test_restart_before_any_event_keeps_from_now_on(board: Board) -> None:
    subscriber = BoardSubscriber(board, "test.quiet", ENTRIES, start=StartAt.NOW)
    async with following(subscriber, Recorder()):
        pass
    written = await _goals(board, "written while the quiet one was down")
    recorder = Recorder()
    async with following(
        BoardSubscriber(board, "test.quiet", ENTRIES, start=StartAt.NOW), recorder
    ):
        await recorder.wait_for(1)
    assert recorder.ids == written


async def test_from_the_beginning_and_past_a_failing_handler(fresh_board: Board) -> None:
    ids = await _goals(fresh_board, "one", "two", "three")
    recorder = Recorder(fail_on=frozenset({ids[1]}))
    subscriber = BoardSubscriber(fresh_board, "test.all", ENTRIES, start=StartAt.BEGINNING)
    async with following(subscriber, recorder):
        await recorder.wait_for(3)
    assert recorder.ids == ids
    assert await subscriber.stored_cursor() == subscriber.cursor > 0
