"""``bench control``: latency from an entry's commit to its task being enqueued, and throughput.

A scratch board runs the control loop (no workers, so jobs stay queued) with the shipped souls.
Latency: one question at a time, clock stamped right before COMMIT, stopped when the board
event for its task turning ``queued`` reaches a listener in the same process. Throughput: a
burst of questions written back to back, until every one has a queued task.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from blackboard.events import BoardListener, latest_event_id
from blackboard.models import Task
from blackboard.models.vocabulary import TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from blackboard.settings import BoardSettings
from controllers.agents import Team
from controllers.bench.figures import Figure, Target
from controllers.bench.scratch import scratch_database
from controllers.bench.stats import percentile_ms
from controllers.control.settings import ControlSettings
from knowledge_sources.models.scripted import ScriptedModel

TARGET_P95_MS = Target("<=", 50)


def run_control_bench(
    settings: BoardSettings, control: ControlSettings, count: int = 200, burst: int = 200
) -> dict[str, Any]:
    """Run on a scratch database; returns the figures."""
    with scratch_database(settings) as db:
        board = Board.open(settings, db=db, run_migrations=False)
        return asyncio.run(_measure(board, control, count, burst))


def control_figures(report: dict[str, Any]) -> list[Figure]:
    """The report's figures with their targets (docs/benchmarks.md), for the table."""
    return [
        Figure("agents on the team", report["agents"]),
        Figure("questions, one at a time", report["events"]),
        Figure("entry commit -> task enqueued p50", report["p50_ms"], "ms"),
        Figure("entry commit -> task enqueued p95", report["p95_ms"], "ms", TARGET_P95_MS),
        Figure("burst size (one transaction)", report["burst"]),
        Figure("tasks scheduled per second (burst)", report["tasks_per_s"], "/s"),
    ]


async def _measure(
    board: Board, control: ControlSettings, count: int, burst: int
) -> dict[str, Any]:
    team = Team(
        board,
        settings=control,
        model_for=lambda _: ScriptedModel(strict=False),
        run_workers=False,
    )
    await team.start()
    await team.control.ready.wait()
    queued_at: dict[int, float] = {}
    arrived = asyncio.Event()
    listener = BoardListener(
        board.db.uri, cursor=await latest_event_id(board.db.uri), tables=frozenset({"tasks"})
    )

    async def follow() -> None:
        async for event in listener:
            async with board.sessions() as session:
                task = await session.get(Task, event.id)
            if task is not None and task.status == TaskStatus.QUEUED and task.entry_id is not None:
                queued_at.setdefault(task.entry_id, time.perf_counter())
                arrived.set()

    follower = asyncio.create_task(follow())
    embedder = await board.embedder()
    latencies: list[float] = []
    try:
        async with board.sessions() as session:
            service = EntryService(session, embedder, autocommit=False)
            for i in range(count):
                arrived.clear()
                entry = await service.create(
                    EntryIn(
                        kind="question", title=f"Question {i}?", body=f"How does part {i} work?"
                    )
                )
                started = time.perf_counter()
                await session.commit()
                await asyncio.wait_for(_until(arrived, queued_at, entry.id), timeout=30)
                latencies.append(queued_at[entry.id] - started)
            ids: list[int] = []
            for i in range(burst):
                entry = await service.create(EntryIn(kind="question", title=f"Burst {i}?"))
                ids.append(entry.id)
            burst_started = time.perf_counter()
            await session.commit()
        for i in ids:
            await asyncio.wait_for(_until(arrived, queued_at, i), timeout=60)
        burst_s = max(queued_at[i] for i in ids) - burst_started
    finally:
        await listener.close()
        follower.cancel()
        await team.stop()
        await board.close(stop_database=False)  # the scratch context owns the server
    return {
        "events": count,
        "p50_ms": percentile_ms(latencies, 50),
        "p95_ms": percentile_ms(latencies, 95),
        "burst": burst,
        "tasks_per_s": round(burst / burst_s, 1) if burst_s > 0 else float("inf"),
        "agents": len(team.souls),
    }


async def _until(event: asyncio.Event, seen: dict[int, float], entry_id: int) -> None:
    while entry_id not in seen:
        await event.wait()
        event.clear()
