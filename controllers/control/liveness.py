"""Whether an agent's SAQ worker is alive on this host: the worker pods' liveness check.

Every worker we start registers ``worker_metadata()`` (the host's name: on Kubernetes, the
pod's) with SAQ, which keeps a row per worker in ``saq_stats`` and refreshes it every few
seconds while the worker's event loop runs (ours every 10 s); the row expires soon after the
last refresh. ``live_workers`` counts the unexpired rows of one agent's queue that carry this
host's name. Light on purpose: the probe (``controllers.cli.worker_alive``) runs it every minute
in each worker pod, so it imports neither the app nor the board's models.
"""

from __future__ import annotations

import socket

import psycopg
from psycopg_pool import AsyncConnectionPool
from saq.queue.postgres import PostgresQueue

HOST = "host"
"""The key of the worker's metadata that names its host."""


def worker_metadata() -> dict[str, str]:
    """What a worker registers with SAQ: the name of the host it runs on."""
    return {HOST: socket.gethostname()}


async def live_workers(uri: str, agent: str, host: str) -> int | None:
    """How many workers of ``agent`` on ``host`` are registered and not expired (``None``: the
    database at libpq ``uri`` cannot be reached)."""
    try:
        async with await psycopg.AsyncConnection.connect(uri, connect_timeout=10):
            pass
    except psycopg.OperationalError:
        return None
    pool = AsyncConnectionPool(uri, kwargs={"autocommit": True}, open=False, min_size=1, max_size=1)
    await pool.open()
    queue = PostgresQueue(pool=pool, name=agent, min_size=1)
    try:
        await queue.connect()
        workers = (await queue.info())["workers"].values()
    finally:
        await queue.disconnect()
        await pool.close()
    return sum(1 for worker in workers if (worker["metadata"] or {}).get(HOST) == host)
