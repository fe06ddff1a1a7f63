"""The worker entry point: SAQ runs ``run_task`` for each job on an agent's queue.

A job carries only a task id; everything else is read from the board. The task is marked
active (attempt counted), the agent's knowledge source contributes while a heartbeat keeps the
job alive, and the contributions are applied with the task's completion in one commit.
The seconds the model spends thinking go into the task's result in the same commit
(``result.model_s``, every attempt added: ``model_time.py``), for the soul's daily budget.
A model that cannot be reached raises, so SAQ retries later with backoff; the task's error says
which server (``unusable_reason``: its address without credentials) or that the model's output
was malformed (with the model's name). A worker killed mid-task stops the heartbeat, another
worker's sweep finds the job stuck and retries it.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from saq import Job, Queue, Worker
from saq.types import Context as SaqContext
from saq.types import CtxType, PartialTimersDict
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.errors import BoardError
from blackboard.models import Entry, Task
from blackboard.models.vocabulary import TaskStatus
from blackboard.runtime import Board
from blackboard.splitting import SplitOptions
from controllers.control.apply import apply_contributions
from controllers.control.liveness import worker_metadata
from controllers.control.model_time import TimedModel, model_seconds
from controllers.control.queues import RUN_TASK, AgentQueues
from controllers.control.settings import ControlSettings
from ingest.sources.web import store_web_results
from ingest.sources.web_settings import WebSearchSettings
from knowledge_sources.contributions import Contribution, Decision
from knowledge_sources.database import DatabaseTool, DatabaseToolSettings
from knowledge_sources.models.errors import ModelError, ModelUnavailableError
from knowledge_sources.models.failure import unusable_reason
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context, KnowledgeSource, WebSearch
from knowledge_sources.workbench.checkout import (
    CheckoutProvider,
    checkout_provider,
    remove_checkouts,
    tasks_with_checkouts,
)
from knowledge_sources.workbench.sandbox_settings import SandboxSettings
from knowledge_sources.workbench.task_limits import LimitReached, TaskBudget

logger = logging.getLogger(__name__)


@dataclass
class WorkerRuntime:
    """What ``run_task`` needs, shared by every agent's worker in a process.

    ``split``: how contributed entries are cut (chunk size and overlap); ``web``: the SearXNG
    that ``Context.search_web`` brings pages from (``None``: no web search).
    """

    board: Board
    souls: Mapping[str, Soul]
    sources: Mapping[str, KnowledgeSource]
    model_for: Callable[[Soul], ModelProvider]
    skills: Mapping[str, list[float]] = field(default_factory=dict)
    settings: ControlSettings = field(default_factory=ControlSettings)
    split: SplitOptions = field(default_factory=SplitOptions)
    web: WebSearchSettings | None = None
    patterns_dir: Path | None = None
    """The operator's prompt patterns (``GA_PATTERNS_DIR``), before the shipped ones."""
    databases: DatabaseToolSettings | None = None
    """The databases the database tool reads (``GA_DB_TOOL_*``); ``None``: none."""
    gitea: GiteaSettings | None = None
    """The Gitea that ``Context.gitea`` reads and tasks clone repositories from (``None``:
    none configured; then ``Context.gitea`` and ``Context.checkout`` are ``None``)."""

    def gitea_reader(self) -> GiteaClient | None:
        """A read-only client for one task's reads of Gitea (the caller closes it)."""
        if self.gitea is None:
            return None
        return GiteaClient(self.gitea.model_copy(update={"read_only": True}))

    workspaces: Path | None = None
    """Where tasks' checkouts live (``task-<id>`` each, removed when the task ends)."""
    sandbox: SandboxSettings | None = None
    """Where a repository's checks run (``Context.sandbox``)."""

    def checkout(self, task: Task, entry: Entry | None) -> CheckoutProvider | None:
        """The task's ``Context.checkout`` (its branch named after the entry, else the reason)."""
        if self.gitea is None or self.workspaces is None or not self.gitea.token_value:
            return None
        name = entry.title if entry is not None and entry.title else task.reason
        return checkout_provider(self.gitea, self.workspaces, task.id, name or "")

    def task_ended(self, task_id: int) -> None:
        """Remove the checkouts of a task that is done, failed or cancelled."""
        if self.workspaces is not None:
            remove_checkouts(self.workspaces, task_id)

    async def prune_checkouts(self) -> None:
        """Remove the checkouts of tasks that ended while no worker here ran them (cancelled,
        failed elsewhere, deleted)."""
        if self.workspaces is None or not (ids := tasks_with_checkouts(self.workspaces)):
            return
        async with self.board.sessions() as session:
            live = set(
                (
                    await session.scalars(
                        select(Task.id).where(
                            Task.id.in_(ids),
                            Task.status.in_(
                                (TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.ACTIVE)
                            ),
                        )
                    )
                ).all()
            )
        for task_id in set(ids) - live:
            self.task_ended(task_id)

    def search_web(self) -> WebSearch | None:
        """Ingest's web source as a knowledge source's capability, if a SearXNG is set."""
        if self.web is None or not self.web.searxng_url:
            return None
        return partial(store_web_results, self.board, settings=self.web, split=self.split)

    def database_tool(self) -> DatabaseTool | None:
        """The database tool on the named databases, if the operator named any."""
        if self.databases is None or not self.databases.databases:
            return None
        return DatabaseTool(self.databases)


class TaskContext(SaqContext, total=False):
    """SAQ's job context with the runtime our worker's startup puts into it."""

    runtime: WorkerRuntime


async def run_task(ctx: TaskContext, *, task_id: int) -> dict[str, Any]:
    """SAQ job function: run one task of the board to completion (or a clear failure)."""
    runtime = ctx["runtime"]
    job = ctx["job"]
    board = runtime.board
    async with board.sessions() as session:
        task = await session.get(Task, task_id)
        if task is None or task.status in (
            TaskStatus.DONE,
            TaskStatus.CANCELLED,
            TaskStatus.FAILED,
        ):
            runtime.task_ended(task_id)
            return {"skipped": task.status if task else "no such task"}
        if job.get_queue().name != task.agent:
            return {"skipped": f"reassigned to {task.agent}"}
        task.status, task.attempts = TaskStatus.ACTIVE, task.attempts + 1
        earlier_model_s = model_seconds(task.result)
        entry = await session.get(Entry, task.entry_id) if task.entry_id else None
        await session.commit()

    soul = runtime.souls[task.agent]
    model_name = soul.model.label  # the provider's own name once it is built
    beat = asyncio.create_task(_heartbeat(job, max(runtime.settings.heartbeat_s / 3, 0.5)))
    timed: TimedModel | None = None

    def model_s() -> float:
        return earlier_model_s + (timed.seconds if timed is not None else 0.0)

    reader = runtime.gitea_reader()

    budget = TaskBudget(soul.limits)
    ended = False  # a task stopped mid-way (shutdown, retry) keeps its checkout for the retry
    try:
        timed = TimedModel(runtime.model_for(soul))
        model_name = timed.name
        context = Context(
            board=board,
            soul=soul,
            model=timed,
            task=task,
            teammates=tuple(runtime.souls),
            search_web=runtime.search_web(),
            progress=partial(record_progress, board, task_id),
            patterns=Patterns.for_soul(soul.own_patterns_dir(), runtime.patterns_dir),
            databases=runtime.database_tool(),
            gitea=GiteaAPI(reader) if reader is not None else None,
            roles={n: f"{s.role}: {s.summary}" for n, s in runtime.souls.items() if s.enabled},
            skills=runtime.skills,
            checkout=runtime.checkout(task, entry),
            budget=budget,
            sandbox=runtime.sandbox,
        )
        try:
            contributions = await _within_wall_time(
                runtime.sources[task.agent], context, entry, budget
            )
        except LimitReached as exc:  # stops the task: nothing it made is applied
            contributions = [Decision("stopped: a task limit was reached", str(exc))]
        applied = await apply_contributions(
            board,
            task_id,
            contributions,
            runtime.souls,
            runtime.skills,
            runtime.split,
            runtime.settings,
            model_s=model_s(),
        )
        ended = True
        return applied
    except ModelUnavailableError as exc:
        why = unusable_reason(exc, model_name)
        await _record(board, task_id, f"{why} (will retry)", final=False, model_s=model_s())
        raise
    except ModelError as exc:
        why = unusable_reason(exc, model_name)
        await _record(board, task_id, why, final=True, model_s=model_s())
        ended = True
        return {"failed": why}
    except BoardError as exc:
        await _record(board, task_id, f"{type(exc).__name__}: {exc}", final=True, model_s=model_s())
        ended = True
        return {"failed": str(exc)}
    except Exception as exc:
        ended = job.attempts >= job.retries
        await _record(
            board, task_id, f"{type(exc).__name__}: {exc}", final=ended, model_s=model_s()
        )
        raise
    finally:
        beat.cancel()
        if reader is not None:
            await reader.aclose()
        if ended:
            runtime.task_ended(task_id)


async def _within_wall_time(
    source: KnowledgeSource, context: Context, entry: Entry | None, budget: TaskBudget
) -> list[Contribution]:
    """The step's contributions; ``LimitReached`` when it outruns the soul's ``limits.wall_s``."""
    wall = budget.limits.wall_s
    if wall is None:
        return await source.contribute(context, entry)
    deadline = asyncio.timeout(max(wall - budget.elapsed_s(), 0.0))
    try:
        async with deadline:
            return await source.contribute(context, entry)
    except TimeoutError:
        if not deadline.expired():
            raise
        raise LimitReached(
            f"the task ran over its limit of {wall:g} s (limits.wall_s in the soul's file)"
        ) from None


async def record_progress(board: Board, task_id: int, stage: str) -> None:
    """Keep the running task's current stage in its result (``{"progress": stage}``) for people
    following it (``ask --wait``); the result is replaced by the outcome when the task is done."""
    async with board.sessions() as session:
        task = await session.get(Task, task_id)
        if task is None or task.status != TaskStatus.ACTIVE:
            return
        task.result = {**task.result, "progress": stage}
        try:
            await session.commit()
        except StaleDataError:  # changed meanwhile (cancelled, reassigned): its stage is moot
            await session.rollback()


async def _heartbeat(job: Job, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await job.update()
        except Exception:  # a missed beat is not fatal; the next one may work
            logger.debug("heartbeat of %s failed", job.key, exc_info=True)


async def _record(
    board: Board, task_id: int, error: str, *, final: bool, model_s: float = 0.0
) -> None:
    async with board.sessions() as session:
        task = await session.get(Task, task_id)
        if task is not None and task.status != TaskStatus.DONE:
            task.error = error[:4000]
            if model_s > 0:
                task.result = {**task.result, "model_s": round(model_s, 3)}
            if final:
                task.status = TaskStatus.FAILED
            await session.commit()


class QuietWorker(Worker[CtxType]):
    """A SAQ worker that leaves SIGINT/SIGTERM alone: its host process (``up``) owns them.

    SAQ's own worker installs loop signal handlers that would only stop the workers, leaving
    the API running; ``up`` stops the workers itself on shutdown.
    """

    SIGNALS: list[signal.Signals] = []


def make_worker(queue: Queue, runtime: WorkerRuntime, concurrency: int = 1) -> Worker[TaskContext]:
    """A SAQ worker for one agent's queue, with our runtime in every job's context."""

    async def startup(ctx: TaskContext) -> None:
        ctx["runtime"] = runtime

    timers: PartialTimersDict = {
        "sweep": runtime.settings.sweep_s,
        "abort": 1,
        "schedule": 1,
        "worker_info": 10,
    }
    return QuietWorker[TaskContext](
        queue,
        functions=[(RUN_TASK, run_task)],
        concurrency=concurrency,
        startup=startup,
        timers=timers,
        dequeue_timeout=1.0,
        metadata=worker_metadata(),  # the pod's liveness probe looks for its own host
    )


async def run_workers(
    queues: AgentQueues,
    runtime: WorkerRuntime,
    agents: Collection[str] | None = None,
    concurrency: int = 1,
) -> None:
    """One worker per agent in ``agents`` (default: every agent of the runtime), each running
    up to ``concurrency`` jobs at once (default 1: a model thinks about one thing at a time)."""
    names = [name for name in runtime.sources if agents is None or name in agents]
    await runtime.prune_checkouts()
    workers = [make_worker(await queues.queue(name), runtime, concurrency) for name in names]
    try:
        await asyncio.gather(*(w.start() for w in workers))
    finally:
        for w in workers:
            await w.stop()
