"""The Gitea background service for ``up``: periodic sync and the outbox, beside the API.

``create_app(..., services=[gitea_service])`` runs it for the app's lifetime. It does nothing
unless GA_GITEA_TOKEN and GA_GITEA_ALLOW are set. Every ``sync_interval`` seconds it runs an
incremental sync (a full one every ``FULL_EVERY`` runs) and then executes pending outbox
actions; errors are logged and retried next round, never fatal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from blackboard.runtime import Board
from controllers.outbox.executor import OutboxExecutor
from ingest.gitea.api import GiteaAPI
from ingest.gitea.client import GiteaClient
from ingest.gitea.errors import GiteaError
from ingest.gitea.mirror.sync import Mirror
from ingest.gitea.settings import GiteaSettings, get_gitea_settings

logger = logging.getLogger(__name__)
FULL_EVERY = 24


async def run_forever(board: Board, settings: GiteaSettings) -> None:
    """Sync and drain the outbox every ``settings.sync_interval`` seconds until cancelled."""
    rounds = 0
    async with GiteaClient(settings) as client:
        api = GiteaAPI(client)
        while True:
            try:
                report = await Mirror(board, api, settings).run(full=rounds % FULL_EVERY == 0)
                logger.info("gitea sync: %s writes, %s requests", report.writes, report.requests)
                await OutboxExecutor(board, api, settings).run_pending()
            except (GiteaError, OSError) as exc:
                logger.warning("gitea round failed (will retry): %s", exc)
            rounds += 1
            await asyncio.sleep(max(settings.sync_interval, 1.0))


@contextlib.asynccontextmanager
async def gitea_service(board: Board) -> AsyncIterator[None]:
    """Run ``run_forever`` while the app lives (if Gitea is configured)."""
    settings = get_gitea_settings()
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
