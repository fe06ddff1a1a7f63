"""Single-active roles: control, the Gitea sync and the outbox run in one process at a time.

A role's lease is a PostgreSQL session advisory lock, held on a connection of its own. Copies
of the role in other processes (on any machine) try to take it every ``poll_s`` seconds and
wait meanwhile. When the holder dies its connection closes, PostgreSQL drops the lock, and a
waiting copy takes over within about ``poll_s`` (a machine that vanishes without closing its
socket is detected by the TCP keepalives set on the session, within a few ``poll_s`` more).
The holder checks its connection every ``poll_s``; if it is lost, the service is stopped
(another copy may be taking over) and the lease is sought again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import psycopg

logger = logging.getLogger(__name__)

NAMESPACE = 0x6761
"""The first key of every lease's two-key advisory lock (``ga``); the second is the name's."""


def lease_key(name: str) -> int:
    """The second advisory-lock key of the lease ``name`` (a signed 32-bit CRC)."""
    return zlib.crc32(name.encode()) - (1 << 31)


class Lease:
    """The advisory lock ``name`` on the database at ``uri``."""

    def __init__(self, uri: str, name: str, poll_s: float) -> None:
        self.uri = uri
        self.name = name
        self.poll_s = poll_s
        self.waiting = asyncio.Event()
        """Set once a first attempt found the lease held elsewhere."""
        self._conn: psycopg.AsyncConnection[tuple[object, ...]] | None = None

    async def acquire(self) -> None:
        """Wait until this process holds the lease."""
        while not await self._try():
            self.waiting.set()
            await asyncio.sleep(self.poll_s)
        logger.info("lease %s taken by this process", self.name)

    async def lost(self) -> None:
        """Return when the lease's connection is gone (the lock with it)."""
        while True:
            await asyncio.sleep(self.poll_s)
            try:
                if self._conn is None:
                    raise psycopg.OperationalError("no connection")
                await self._conn.execute("SELECT 1")
            except (psycopg.Error, OSError):
                logger.warning("lease %s lost: its database connection is gone", self.name)
                await self.release()
                return

    async def release(self) -> None:
        """Give the lease up (closing its connection frees the lock)."""
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error, OSError):
                await self._conn.close()
            self._conn = None

    async def _try(self) -> bool:
        try:
            if self._conn is None or self._conn.closed:
                self._conn = await self._connect()
            row = await (
                await self._conn.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)", (NAMESPACE, lease_key(self.name))
                )
            ).fetchone()
        except (psycopg.Error, OSError) as exc:
            logger.warning("lease %s: database unreachable (will retry): %s", self.name, exc)
            await self.release()
            return False
        return bool(row and row[0])

    async def _connect(self) -> psycopg.AsyncConnection[tuple[object, ...]]:
        idle = max(int(self.poll_s), 1)
        conn = await psycopg.AsyncConnection.connect(
            self.uri,
            autocommit=True,
            keepalives=1,
            keepalives_idle=idle,
            keepalives_interval=idle,
            keepalives_count=3,
            application_name=f"gitea-assistants lease {self.name}",
        )
        for setting in ("tcp_keepalives_idle", "tcp_keepalives_interval"):  # server side
            await conn.execute(f"SET {setting} = {idle}")
        await conn.execute("SET tcp_keepalives_count = 3")
        return conn


async def _hold(
    lease: Lease,
    service: Callable[[], AbstractAsyncContextManager[None]],
    started: asyncio.Event,
) -> None:
    while True:
        await lease.acquire()
        async with service():
            started.set()
            await lease.lost()


@contextlib.asynccontextmanager
async def single_active(
    uri: str,
    name: str,
    poll_s: float,
    service: Callable[[], AbstractAsyncContextManager[None]],
) -> AsyncIterator[None]:
    """Run ``service`` while the context is open, in whichever process holds the lease ``name``.

    Enters at once when the lease is free (the service started), else as soon as the first
    attempt found it taken (the service starts here when the holder goes)."""
    lease = Lease(uri, name, poll_s)
    started = asyncio.Event()
    holder = asyncio.create_task(_hold(lease, service, started), name=f"lease-{name}")
    waits = [asyncio.create_task(e.wait()) for e in (started, lease.waiting)]
    try:
        await asyncio.wait([holder, *waits], return_when=asyncio.FIRST_COMPLETED)
        if holder.done():
            holder.result()  # the service failed to start: raise its error
        if not started.is_set():
            logger.info("lease %s is held by another process: waiting to take over", name)
        yield
    finally:
        for task in (*waits, holder):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await holder
        await lease.release()
