"""Running webhook enrichment in the background, bounded: a few at a time, each within a time
limit, a limited backlog; a failure or timeout is logged and left to the periodic sync."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


class Enrichment:
    """Background jobs of stored deliveries; ``drain`` waits for those under way."""

    def __init__(self, timeout_s: float, parallel: int = 4, backlog: int = 200) -> None:
        self.timeout_s = timeout_s
        self.backlog = backlog
        self._slots = asyncio.Semaphore(parallel)
        self._running: set[asyncio.Task[None]] = set()

    def spawn(self, name: str, work: Callable[[], Awaitable[object]]) -> bool:
        """Start ``work`` in the background; ``False`` (logged) when the backlog is full."""
        if len(self._running) >= self.backlog:
            logger.warning("gitea enrichment backlog full: %s is left to the next sync", name)
            return False
        task = asyncio.create_task(self._run(name, work), name=f"gitea-enrich {name}")
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return True

    async def _run(self, name: str, work: Callable[[], Awaitable[object]]) -> None:
        async with self._slots:
            try:
                await asyncio.wait_for(work(), self.timeout_s)
            except TimeoutError:
                logger.warning(
                    "gitea enrichment of %s took over %.0f s: the next sync completes it",
                    name,
                    self.timeout_s,
                )
            except Exception as exc:  # Gitea down, a bad answer...: the sync catches up
                logger.warning(
                    "gitea enrichment of %s failed (the next sync completes it): %s", name, exc
                )

    async def drain(self) -> None:
        """Wait until every enrichment started so far has ended."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def close(self) -> None:
        """Cancel what is still running (on shutdown)."""
        for task in list(self._running):
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)
