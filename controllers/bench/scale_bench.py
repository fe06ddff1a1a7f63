"""``bench scale``: tasks/s of one agent's queue with 1, 2, 4... workers, and the queue's overhead.

The work is waiting, not computing: the agent (the generalist, as ``answerer``) runs on a
scripted model that takes ``latency_s`` per call, two calls per task. On a scratch database the
control loop turns a burst of questions into queued tasks and stops; then ``n`` SAQ workers
(concurrency 1 each, each on its own connection pool as a ``serve worker`` process would be,
here in one process) drain the queue, timed from their start to the last task done.
Efficiency: ``(tasks/s at n) / (n * tasks/s at 1)``. Raw SAQ: the same burst of jobs that
only sleep as long as the model would, on the same database; the overhead is what our task run
(board reads, search, apply, commit) adds per task.
One task runs first, untimed: the first task of a process loads the splitter's tokenizer and
builds schemas (seconds), which is start-up, not throughput.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

from saq import Job, Worker
from saq.types import Context as SaqContext

from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from blackboard.settings import BoardSettings
from controllers.agents import Team
from controllers.bench.scratch import scratch_database
from controllers.control.queues import QueuePool
from controllers.control.settings import ControlSettings
from controllers.control.skills import skill_vectors
from controllers.control.stopping import SaidOnce
from controllers.control.worker import QuietWorker, WorkerRuntime, make_worker
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.registry import build_registry
from knowledge_sources.souls import Soul

AGENT = "answerer"
RAW_QUEUE = "bench-raw"
CALLS_PER_TASK = 2
"""The generalist's choice, then its text."""


def answerer() -> Soul:
    """The bench's one agent: takes every question."""
    return Soul.model_validate(
        {
            "name": AGENT,
            "role": "Answerer",
            "summary": "Answers every question with a short contribution.",
            "personality": "Brief.",
            "skills": ["answering questions"],
            "model": {"provider": "scripted"},
            "triggers": [{"kinds": ["question"]}],
            "actions": ["comment"],
            "resume": "I answer every question on the board with a short, useful contribution.",
        }
    )


def run_scale_bench(
    settings: BoardSettings,
    control: ControlSettings,
    workers: Sequence[int] = (1, 2, 4),
    tasks: int = 24,
    latency_s: float = 0.2,
) -> dict[str, Any]:
    """Run on a scratch database; returns the figures."""
    logging.getLogger("saq").addFilter(SaidOnce())  # its shutdown warning once, not per worker
    with scratch_database(settings) as db:
        board = Board.open(settings, db=db, run_migrations=False)
        return asyncio.run(_measure(board, control, workers, tasks, latency_s))


async def _measure(
    board: Board, control: ControlSettings, workers: Sequence[int], tasks: int, latency_s: float
) -> dict[str, Any]:
    souls = {AGENT: answerer()}
    model = ScriptedModel(strict=False, latency_s=latency_s)
    runtime = WorkerRuntime(
        board=board,
        souls=souls,
        sources=build_registry(souls),
        model_for=lambda _: model,
        skills=await skill_vectors(board, souls),
        settings=control,
    )
    probe = QueuePool(board.db.uri, 4)  # for the polls; its queue creates SAQ's tables
    await probe.queue(AGENT)
    rounds: list[dict[str, Any]] = []
    try:
        await _our_round(board, control, probe, runtime, 1, 1)  # warm-up: first-use loads
        for n in workers:
            ours = await _our_round(board, control, probe, runtime, n, tasks)
            raw = await _raw_round(probe, board.db.uri, n, tasks, CALLS_PER_TASK * latency_s)
            rounds.append({"workers": n, "tasks_per_s": ours, "raw_saq_tasks_per_s": raw})
    finally:
        await probe.close()
        await board.close(stop_database=False)  # the scratch context owns the server
    base = rounds[0]["tasks_per_s"] / rounds[0]["workers"]
    for r in rounds:
        r["efficiency"] = round(r["tasks_per_s"] / (base * r["workers"]), 3)
        r["overhead_ms_per_task"] = round(
            (r["workers"] / r["tasks_per_s"] - r["workers"] / r["raw_saq_tasks_per_s"]) * 1000, 1
        )
    return {
        "tasks": tasks,
        "model_latency_ms": round(latency_s * 1000),
        "calls_per_task": CALLS_PER_TASK,
        "rounds": rounds,
    }


async def _queue_burst(
    board: Board, control: ControlSettings, probe: QueuePool, runtime: WorkerRuntime, tasks: int
) -> list[int]:
    """Control turns a burst of questions into queued jobs, then stops (in a deployment it
    runs in a process of its own, not beside the workers measured)."""
    team = Team(
        board, runtime.souls, settings=control, model_for=runtime.model_for, run_workers=False
    )
    await team.start()
    try:
        await team.control.ready.wait()
        async with board.sessions() as session:
            service = EntryService(session, await board.embedder(), autocommit=False)
            ids = [
                (await service.create(EntryIn(kind="question", title=f"Question {i}?"))).id
                for i in range(tasks)
            ]
            await session.commit()
        queued = "SELECT count(*) FROM saq_jobs WHERE queue = %s AND status = 'queued'"
        await _until(probe, queued, (AGENT,), tasks)
    finally:
        await team.stop()
    return ids


async def _our_round(
    board: Board,
    control: ControlSettings,
    probe: QueuePool,
    runtime: WorkerRuntime,
    n: int,
    tasks: int,
) -> float:
    """A queued burst drained by ``n`` workers; tasks/s."""
    ids = await _queue_burst(board, control, probe, runtime, tasks)
    own = [QueuePool(board.db.uri, 4) for _ in range(n)]  # one per worker, as per process
    pool = [make_worker(await q.queue(AGENT), runtime) for q in own]
    started = time.perf_counter()
    running = [asyncio.create_task(w.start()) for w in pool]
    try:
        done = "SELECT count(*) FROM tasks WHERE status = 'done' AND entry_id = ANY(%s)"
        await _until(probe, done, (ids,), tasks)
        elapsed = time.perf_counter() - started
    finally:
        await _stop(pool, running, own)
    return round(tasks / elapsed, 2)


async def _raw_round(probe: QueuePool, uri: str, n: int, tasks: int, sleep_s: float) -> float:
    """The same burst as bare SAQ jobs that only wait ``sleep_s``; tasks/s."""
    queue = await probe.queue(RAW_QUEUE)
    async with probe.pool.connection() as conn:
        await conn.execute("DELETE FROM saq_jobs WHERE queue = %s", (RAW_QUEUE,))
    for i in range(tasks):
        await queue.enqueue(Job(function="wait", kwargs={"s": sleep_s}, key=f"raw-{n}-{i}"))

    async def wait(ctx: SaqContext, *, s: float) -> None:
        await asyncio.sleep(s)

    own = [QueuePool(uri, 4) for _ in range(n)]
    pool = [
        QuietWorker[SaqContext](
            await q.queue(RAW_QUEUE), functions=[("wait", wait)], concurrency=1, dequeue_timeout=1.0
        )
        for q in own
    ]
    started = time.perf_counter()
    running = [asyncio.create_task(w.start()) for w in pool]
    try:
        complete = "SELECT count(*) FROM saq_jobs WHERE queue = %s AND status = 'complete'"
        await _until(probe, complete, (RAW_QUEUE,), tasks)
        elapsed = time.perf_counter() - started
    finally:
        await _stop(pool, running, own)
    return round(tasks / elapsed, 2)


async def _until(probe: QueuePool, sql: str, params: tuple[Any, ...], target: int) -> None:
    """Poll ``sql`` (a count) every 20 ms until it reaches ``target``; 10 minutes at most."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        async with probe.pool.connection() as conn:
            row = await (await conn.execute(sql, params)).fetchone()
        if row is not None and row[0] >= target:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"bench scale: stuck waiting for {target} rows of: {sql}")


async def _stop(
    pool: Sequence[Worker[Any]], running: Sequence[asyncio.Task[None]], own: Sequence[QueuePool]
) -> None:
    for worker in pool:
        await worker.stop()
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)
    for queues in own:
        await queues.close()
