"""The outbox as a background service of ``up``: actions run as SAQ jobs as soon as written.

``outbox_service(board, gitea_settings, bots, souls)`` follows ``actions`` INSERT events and
enqueues each new action's job; every ``sweep_s`` (and at start) it re-enqueues pending and
interrupted actions that have no live job (written while nothing ran, or interrupted by a
crash). It runs with or without Gitea: without GA_GITEA_TOKEN and GA_GITEA_ALLOW, ``gitea.*``
actions are left pending (logged when written) and ``telegram.*`` actions still go out.
``souls`` (and the human role of ``OutboxSettings``) are the principals whose rights every
action is checked against.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.events import BoardListener, latest_event_id
from blackboard.runtime import Board
from controllers.control.queues import QueuePool
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.handlers import Channel
from controllers.outbox.jobs import OutboxPolicy, OutboxQueue
from controllers.outbox.rights import principals
from controllers.outbox.secret import outbox_secret
from controllers.outbox.settings import OutboxSettings
from controllers.outbox.telegram_message import BotProvider, TelegramChannel
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)
POOL_SIZE = 6


class OutboxRunner:
    """The worker, the follower of new actions and the sweep; ``start`` and ``stop``."""

    def __init__(self, board: Board, executor: OutboxExecutor, policy: OutboxPolicy) -> None:
        self.board = board
        self.executor = executor
        self.policy = policy
        self.pool = QueuePool(board.db.uri, POOL_SIZE)
        self.queue = OutboxQueue(self.pool, policy)
        self.ready = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        worker = await self.queue.worker(self.executor)
        cursor = await latest_event_id(self.board.db.uri)
        self._tasks = [
            asyncio.create_task(worker.start(), name="outbox-worker"),
            asyncio.create_task(self._follow(cursor), name="outbox-follow"),
            asyncio.create_task(self._sweep(), name="outbox-sweep"),
        ]
        await self.ready.wait()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        await self.pool.close()

    async def sweep_once(self) -> int:
        """Enqueue every open action this process runs that has no live job; how many."""
        queued = 0
        for action_id in await self.executor.open_actions():
            queued += await self.queue.enqueue(action_id)
        return queued

    async def _follow(self, cursor: int) -> None:
        listener = BoardListener(
            self.board.db.uri,
            cursor=cursor,
            tables=frozenset({"actions"}),
            poll_interval=self.policy.sweep_s,
        )
        try:
            async for event in listener:
                if event.op == "INSERT":
                    try:
                        await self.queue.enqueue(event.id)
                    except Exception:
                        logger.exception("outbox: could not enqueue action %s", event.id)
        finally:
            await listener.close()

    async def _sweep(self) -> None:
        while True:
            try:
                if queued := await self.sweep_once():
                    logger.info("outbox sweep: %s open actions queued", queued)
            except Exception:
                logger.exception("outbox sweep failed (will retry)")
            self.ready.set()
            await asyncio.sleep(self.policy.sweep_s)


@contextlib.asynccontextmanager
async def outbox_service(
    board: Board,
    gitea_settings: GiteaSettings,
    bots: BotProvider,
    souls: Mapping[str, Soul],
    policy: OutboxPolicy | None = None,
    settings: OutboxSettings | None = None,
) -> AsyncIterator[None]:
    """Run the outbox while the context is open."""
    policy = policy or OutboxPolicy()
    settings = settings or OutboxSettings()
    async with contextlib.AsyncExitStack() as stack:
        channels: dict[str, Channel] = {"telegram": TelegramChannel(bots)}
        if gitea_settings.token and gitea_settings.allow:
            client = await stack.enter_async_context(GiteaClient(gitea_settings))
            secret = outbox_secret(board.settings, settings)
            channels["gitea"] = GiteaChannel(GiteaAPI(client), gitea_settings, secret)
        else:
            logger.info(
                "outbox: Gitea is not configured (GA_GITEA_TOKEN, GA_GITEA_ALLOW); "
                "gitea.* actions stay pending until it is"
            )
        executor = OutboxExecutor(
            board, channels, principals(souls, settings), max_attempts=policy.max_attempts
        )
        runner = OutboxRunner(board, executor, policy)
        await runner.start()
        try:
            yield
        finally:
            await runner.stop()
