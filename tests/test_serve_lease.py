"""Control runs as one active instance: of two ``serve control`` processes one holds the lease,
the other waits; SIGKILL the active one and the other takes over, with no event handled twice."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from blackboard.database import Database
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from blackboard.settings import BoardSettings
from tests.scale_team import answerer_souls, role_env, roles
from tests.team_helpers import scalar, wait_for

TAKEN = "lease control taken by this process"
WAITING = "lease control is held by another process: waiting to take over"


def _read(log: Path) -> str:
    return log.read_text() if log.exists() else ""


async def _ask(board: Board, title: str) -> int:
    async with board.sessions() as session:
        entry = await EntryService(session, await board.embedder()).create(
            EntryIn(kind="question", title=title)
        )
    return entry.id


async def test_second_control_takes_over_when_the_first_is_killed(
    fresh_database: Callable[[], Database], test_settings: BoardSettings, tmp_path: Path
) -> None:
    db = fresh_database()
    board = Board.open(test_settings, db=db)
    env = role_env(db, answerer_souls(tmp_path / "souls"))
    logs = [tmp_path / "0.log", tmp_path / "1.log"]

    def says(log: Path, text: str) -> Callable[[], Awaitable[bool]]:
        async def check() -> bool:
            return text in await asyncio.to_thread(_read, log)

        return check

    with roles(env, tmp_path) as start:  # no workers: the tasks stay queued, easy to count
        first = start("control")
        await wait_for(says(logs[0], TAKEN), limit_s=60, what="the first control to lead")
        second = start("control")
        await wait_for(says(logs[1], WAITING), limit_s=60, what="the second control to wait")
        before = [await _ask(board, f"Before {i}?") for i in range(5)]

        async def tasks_for(ids: list[int]) -> bool:
            n = await scalar(board, "SELECT count(*) FROM tasks WHERE entry_id = ANY(:i)", i=ids)
            return n == len(ids)

        await wait_for(lambda: tasks_for(before), limit_s=30, what="the first control's tasks")
        # the standby did nothing meanwhile
        assert TAKEN not in await asyncio.to_thread(_read, logs[1])

        os.kill(first.pid, signal.SIGKILL)
        killed = time.monotonic()
        first.wait(10)
        await wait_for(says(logs[1], TAKEN), limit_s=10, what="the second control to take over")
        takeover_s = time.monotonic() - killed
        after = [await _ask(board, f"After {i}?") for i in range(5)]
        await wait_for(lambda: tasks_for(after), limit_s=30, what="the second control's tasks")
        assert second.poll() is None

    assert takeover_s < 5  # GA_CONTROL_LEASE_POLL_S=0.5, plus the process's own start
    per_question = await scalar(
        board,
        "SELECT array_agg(n) FROM (SELECT count(*) AS n FROM tasks "
        "WHERE entry_id = ANY(:ids) GROUP BY entry_id) c",
        ids=before + after,
    )
    assert per_question == [1] * 10  # replayed events made no second task
    await board.close(stop_database=False)
