"""SAQ queues on the board's PostgreSQL (no Redis needed), sharing one pool: one per agent,
and the outbox's (``controllers.outbox.jobs``)."""

from __future__ import annotations

import asyncio
import logging

from psycopg_pool import AsyncConnectionPool
from saq import Job
from saq.queue.postgres import PostgresQueue

from blackboard.models import Task
from controllers.control.priority import saq_priority
from controllers.control.settings import ControlSettings

logger = logging.getLogger(__name__)

LIVE_JOB = ("new", "deferred", "queued", "active", "aborting")
"""SAQ job states in which the job will still run (or is running)."""

RUN_TASK = "run_task"
"""The SAQ function every agent's worker runs (``controllers.control.worker.run_task``)."""

FINISHED = ("aborted", "complete", "failed")
"""SAQ job states after which the job's key may be queued again."""


def job_key(task: Task) -> str:
    """A task's job key on its agent's queue (a reassigned task gets a new one)."""
    return f"{task.agent}:task:{task.id}"


class QueuePool:
    """Named ``PostgresQueue``s on one database, opened lazily, sharing one connection pool."""

    def __init__(self, uri: str, max_size: int) -> None:
        self.pool = AsyncConnectionPool(
            uri,
            kwargs={"autocommit": True, "prepare_threshold": None},
            open=False,
            min_size=2,
            max_size=max_size,
        )
        self._queues: dict[str, PostgresQueue] = {}
        self._opened = False
        self._opening = asyncio.Lock()
        """Callers asking for a queue at once wait for one pool and one connected queue."""

    async def queue(self, name: str) -> PostgresQueue:
        """The named queue, connected (SAQ creates its ``saq_*`` tables on first use)."""
        queue = self._queues.get(name)
        if queue is not None:
            return queue
        async with self._opening:
            if not self._opened:
                await self.pool.open()
                self._opened = True
            queue = self._queues.get(name)
            if queue is None:
                queue = PostgresQueue(pool=self.pool, name=name, min_size=1)
                await queue.connect()
                self._queues[name] = queue
        return queue

    async def close(self) -> None:
        """Disconnect every queue and close the pool."""
        for queue in self._queues.values():
            await queue.disconnect()
        self._queues.clear()
        if self._opened:
            await self.pool.close()
            self._opened = False


class AgentQueues(QueuePool):
    """One queue per agent name."""

    def __init__(self, uri: str, settings: ControlSettings) -> None:
        self.settings = settings
        super().__init__(uri, settings.queue_pool_size)

    async def enqueue(self, task: Task) -> str | None:
        """Put a task on its agent's queue; returns the job key (``None`` if already there).

        A finished job under the same key (the task ran before and is retried) is removed
        first, so the new run is queued whenever it is asked for."""
        s = self.settings
        job = Job(
            function=RUN_TASK,
            kwargs={"task_id": task.id},
            key=job_key(task),
            timeout=s.job_timeout_s,
            heartbeat=s.heartbeat_s,
            retries=s.retries,
            retry_delay=s.retry_delay_s,
            retry_backoff=True,
            priority=saq_priority(task.priority),
        )
        queue = await self.queue(task.agent)
        async with self.pool.connection() as conn:  # a retried task: its finished job goes
            await conn.execute(
                "DELETE FROM saq_jobs WHERE key = %s AND status = ANY(%s)",
                (job.key, list(FINISHED)),
            )
        queued = await queue.enqueue(job)
        return None if queued is None else job.key

    async def requeue(self, task: Task) -> bool:
        """Enqueue a task again unless its job is waiting or running; ``True`` if it was.

        A finished job (complete, failed, aborted) under the task's key is removed first: SAQ
        would otherwise keep it and refuse the key until it expires."""
        await self.queue(task.agent)  # connected, so SAQ's tables exist
        key = job_key(task)
        async with self.pool.connection() as conn:
            row = await (
                await conn.execute("SELECT status FROM saq_jobs WHERE key = %s", (key,))
            ).fetchone()
            if row is not None and row[0] in LIVE_JOB:
                return False
            if row is not None:
                await conn.execute(
                    "DELETE FROM saq_jobs WHERE key = %s AND status = %s", (key, row[0])
                )
        return await self.enqueue(task) is not None

    async def abort(self, agent: str, key: str, reason: str) -> None:
        """Abort a job (queued or running) if it still exists."""
        queue = await self.queue(agent)
        job = await queue.job(key)
        if job is not None and not job.completed:
            await queue.abort(job, reason)

    async def reprioritise(self, task: Task, key: str) -> None:
        """Change the priority of a job that is still waiting."""
        queue = await self.queue(task.agent)
        async with self.pool.connection() as conn:
            await conn.execute(
                "UPDATE saq_jobs SET priority = %s WHERE key = %s AND status = 'queued'",
                (saq_priority(task.priority), key),
            )
        logger.debug("reprioritised %s on %s", key, queue.name)

    async def job_priority(self, key: str) -> int | None:
        """The SAQ priority of a waiting job, ``None`` if it is not waiting."""
        if not self._opened:
            return None
        async with self.pool.connection() as conn:
            row = await (
                await conn.execute(
                    "SELECT priority FROM saq_jobs WHERE key = %s AND status = 'queued'", (key,)
                )
            ).fetchone()
        return None if row is None else int(row[0])
