"""``bench events``: latency from a writer's COMMIT to the listener waking up with the event.

One connection writes an entry in an explicit transaction and stamps the clock right before
COMMIT; a ``BoardListener`` in the same process (same clock) stamps the moment it yields the
event. One write at a time, so every figure is an undisturbed round through NOTIFY.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import psycopg

from blackboard.events import BoardListener, latest_event_id
from blackboard.settings import BoardSettings
from controllers.bench.figures import Figure, Target
from controllers.bench.scratch import scratch_database
from controllers.bench.stats import percentile_ms

INSERT = (
    "INSERT INTO entries (kind, title, body, author, status, tags, priority, metadata, version,"
    " created_at, updated_at) VALUES ('goal', %s, '', 'bench', 'open', '{}', 0, '{}', 1,"
    " now(), now()) RETURNING id"
)

TARGET_P95_MS = Target("<=", 5)


def run_events_bench(settings: BoardSettings, count: int = 500) -> dict[str, Any]:
    """Write ``count`` entries one by one and time each commit-to-wake-up."""
    with scratch_database(settings) as db:
        return asyncio.run(_measure(db.uri, count))


def events_figures(report: dict[str, Any]) -> list[Figure]:
    """The report's figures with their targets (docs/benchmarks.md), for the table."""
    return [
        Figure("events written, one at a time", report["events"]),
        Figure("commit -> listener p50", report["p50_ms"], "ms"),
        Figure("commit -> listener p95", report["p95_ms"], "ms", TARGET_P95_MS),
        Figure("commit -> listener max", report["max_ms"], "ms"),
    ]


async def _measure(uri: str, count: int) -> dict[str, Any]:
    listener = BoardListener(uri, cursor=await latest_event_id(uri), tables=frozenset({"entries"}))
    received: dict[int, float] = {}
    arrived = asyncio.Event()

    async def follow() -> None:
        async for event in listener:
            received[event.id] = time.perf_counter()
            arrived.set()

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0.3)  # let it LISTEN
    latencies: list[float] = []
    async with await psycopg.AsyncConnection.connect(uri) as conn:
        for i in range(count):
            arrived.clear()
            row = await (await conn.execute(INSERT, (f"bench {i}",))).fetchone()
            assert row is not None
            committed_at = time.perf_counter()
            await conn.commit()
            await asyncio.wait_for(arrived.wait(), timeout=10)
            latencies.append(received[int(row[0])] - committed_at)
    await listener.close()
    follower.cancel()
    return {
        "events": count,
        "p50_ms": percentile_ms(latencies, 50),
        "p95_ms": percentile_ms(latencies, 95),
        "max_ms": percentile_ms(latencies, 100),
    }
