"""The periodic Gitea sync of ``up``: an incremental sync every interval, a full one now and then.

``gitea_sync_service(board, settings)`` runs it for as long as the context is open (``up``
composes it with its other services). It does nothing unless GA_GITEA_TOKEN and GA_GITEA_ALLOW
are set and GA_GITEA_SYNC_INTERVAL is positive. A failed round is logged and retried next
round, never fatal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.runtime import Board
from ingest.gitea.mirror.sync import Mirror

logger = logging.getLogger(__name__)
FULL_EVERY = 24
"""Every this many rounds (the first included) is a full sync, which also marks vanished
objects ``gone``."""


async def sync_rounds(board: Board, settings: GiteaSettings) -> None:
    """Sync every ``settings.sync_interval`` seconds, until cancelled."""
    async with GiteaClient(settings) as client:
        api = GiteaAPI(client)
        rounds = 0
        while True:
            try:
                report = await Mirror(board, api, settings).run(full=rounds % FULL_EVERY == 0)
                logger.info("gitea sync: %s writes, %s requests", report.writes, report.requests)
            except (GiteaError, OSError) as exc:
                logger.warning("gitea sync failed (will retry): %s", exc)
            rounds += 1
            await asyncio.sleep(max(settings.sync_interval, 1.0))


@contextlib.asynccontextmanager
async def gitea_sync_service(board: Board, settings: GiteaSettings) -> AsyncIterator[None]:
    """Run ``sync_rounds`` while the context is open (if Gitea is configured)."""
    if not settings.token or not settings.allow or settings.sync_interval <= 0:
        logger.info("gitea sync off (set GA_GITEA_TOKEN and GA_GITEA_ALLOW to enable)")
        yield
        return
    task = asyncio.create_task(sync_rounds(board, settings), name="gitea-sync")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
