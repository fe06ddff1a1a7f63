"""The Gitea background service for ``up``: periodic sync and the outbox, beside the API.

``create_app(..., services=[gitea_service])`` runs it for the app's lifetime. It does nothing
unless GA_GITEA_TOKEN and GA_GITEA_ALLOW are set. Every ``sync_interval`` seconds it runs an
incremental sync (a full one every ``FULL_EVERY`` runs); outbox actions are executed as soon as
they are written (board events), and every ``OUTBOX_POLL_S`` for anything interrupted. Errors
are logged and retried next round, never fatal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from blackboard.events import BoardListener, latest_event_id
from blackboard.runtime import Board
from controllers.outbox.executor import OutboxExecutor
from ingest.gitea.api import GiteaAPI
from ingest.gitea.client import GiteaClient
from ingest.gitea.errors import GiteaError
from ingest.gitea.mirror.sync import Mirror
from ingest.gitea.settings import GiteaSettings

logger = logging.getLogger(__name__)
FULL_EVERY = 24
OUTBOX_POLL_S = 30.0


async def run_forever(board: Board, settings: GiteaSettings) -> None:
    """Sync every ``settings.sync_interval`` seconds and drain the outbox as actions arrive."""
    async with GiteaClient(settings) as client:
        api = GiteaAPI(client)
        await asyncio.gather(
            _sync_rounds(board, api, settings), _drain_outbox(board, api, settings)
        )


async def _sync_rounds(board: Board, api: GiteaAPI, settings: GiteaSettings) -> None:
    rounds = 0
    while True:
        try:
            report = await Mirror(board, api, settings).run(full=rounds % FULL_EVERY == 0)
            logger.info("gitea sync: %s writes, %s requests", report.writes, report.requests)
        except (GiteaError, OSError) as exc:
            logger.warning("gitea sync failed (will retry): %s", exc)
        rounds += 1
        await asyncio.sleep(max(settings.sync_interval, 1.0))


async def _drain_outbox(board: Board, api: GiteaAPI, settings: GiteaSettings) -> None:
    """Run pending actions at start, whenever an action is written, and every OUTBOX_POLL_S."""
    listener = BoardListener(
        board.db.uri,
        cursor=await latest_event_id(board.db.uri),
        tables=frozenset({"actions"}),
        poll_interval=OUTBOX_POLL_S,
    )
    executor = OutboxExecutor(board, api, settings)
    wake = asyncio.Event()
    wake.set()

    async def follow() -> None:
        async for event in listener:
            if event.op == "INSERT":
                wake.set()

    follower = asyncio.create_task(follow())
    try:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), OUTBOX_POLL_S)
            wake.clear()
            try:
                await executor.run_pending()
            except (GiteaError, OSError) as exc:
                logger.warning("outbox round failed (will retry): %s", exc)
    finally:
        follower.cancel()
        await listener.close()


@contextlib.asynccontextmanager
async def gitea_service(board: Board, settings: GiteaSettings) -> AsyncIterator[None]:
    """Run ``run_forever`` while the app lives (if Gitea is configured)."""
    if not settings.token or not settings.allow or settings.sync_interval <= 0:
        logger.info("gitea service off (set GA_GITEA_TOKEN and GA_GITEA_ALLOW to enable)")
        yield
        return
    task = asyncio.create_task(run_forever(board, settings), name="gitea-service")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
