"""The outbox's SAQ queue: one job per action (keyed by its id), retried with backoff.

The queue ``outbox`` lives on the board's PostgreSQL beside the agents' queues (same pool
code). A job carries only the action id; the executor reads the rest from the board. A
transient failure puts the action back to ``pending`` and raises, so SAQ runs the job again
later (flood control's ``retry_after`` is honoured).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from saq import Job, Worker
from saq.types import Context as SaqContext
from saq.types import PartialTimersDict

from controllers.control.queues import QueuePool
from controllers.control.worker import QuietWorker
from controllers.outbox.executor import OutboxExecutor

OUTBOX_QUEUE = "outbox"
RUN_ACTION = "run_action"


@dataclass(frozen=True)
class OutboxPolicy:
    """How patient the outbox is: attempts per action, retry delays, sweeps, parallel jobs."""

    max_attempts: int = 5
    retry_delay_s: float = 5.0
    job_timeout_s: int = 300
    sweep_s: float = 30.0
    concurrency: int = 4


class OutboxContext(SaqContext, total=False):
    """SAQ's job context with the executor the outbox worker's startup puts into it."""

    outbox: OutboxExecutor


class RetryLater(Exception):
    """Raised by a job whose action hit a transient error: SAQ retries it after a delay."""


def job_key(action_id: int) -> str:
    """The one job key of an action (so an action is never queued twice at once)."""
    return f"outbox:action:{action_id}"


async def run_action(ctx: OutboxContext, *, action_id: int) -> dict[str, Any]:
    """SAQ job function: one attempt at one action."""
    executor = ctx["outbox"]
    attempt = await executor.attempt(action_id)
    if attempt.retry_after is not None:
        job = ctx["job"]
        if attempt.retry_after > 0:  # the outside system said how long to wait
            job.retry_delay, job.retry_backoff = attempt.retry_after, False
        raise RetryLater(attempt.action.error or "transient failure")
    return {"status": str(attempt.action.status)}


class OutboxQueue:
    """Enqueueing actions on the ``outbox`` queue, and the worker that runs them."""

    def __init__(self, queues: QueuePool, policy: OutboxPolicy) -> None:
        self.queues = queues
        self.policy = policy

    async def enqueue(self, action_id: int) -> bool:
        """Queue the action's job; ``False`` if a live job for it is already there."""
        p = self.policy
        job = Job(
            function=RUN_ACTION,
            kwargs={"action_id": action_id},
            key=job_key(action_id),
            timeout=p.job_timeout_s,
            retries=p.max_attempts + 1,
            retry_delay=p.retry_delay_s,
            retry_backoff=True,
        )
        return await (await self.queues.queue(OUTBOX_QUEUE)).enqueue(job) is not None

    async def worker(self, executor: OutboxExecutor) -> Worker[OutboxContext]:
        """A worker for the queue with ``executor`` in every job's context."""

        async def startup(ctx: OutboxContext) -> None:
            ctx["outbox"] = executor

        timers: PartialTimersDict = {
            "sweep": max(int(self.policy.sweep_s), 1),
            "abort": 1,
            "schedule": 1,
            "worker_info": 10,
        }
        return QuietWorker[OutboxContext](
            await self.queues.queue(OUTBOX_QUEUE),
            functions=[(RUN_ACTION, run_action)],
            concurrency=self.policy.concurrency,
            startup=startup,
            timers=timers,
            dequeue_timeout=1.0,
        )
