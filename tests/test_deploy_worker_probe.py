"""The worker pods' liveness probe (``python -m controllers.cli.worker_alive``) against a real
database: dead without a worker on this host, alive while a real team worker process runs,
dead again soon after that process is killed, and not judging when the database is away."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from psycopg_pool import AsyncConnectionPool
from saq import Worker
from saq.queue.postgres import PostgresQueue
from saq.types import Context

from blackboard.database import Database
from controllers.control.liveness import HOST
from tests.cli_runner import cli_env
from tests.deploy_tools import ROOT


def _probe(agent: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "controllers.cli.worker_alive", "--agent", agent],
        env=cli_env(**env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def _until(
    uri: str, agent: str, code: int, within_s: float
) -> subprocess.CompletedProcess[str]:
    deadline = time.monotonic() + within_s
    while True:
        done = await asyncio.to_thread(_probe, agent, DATABASE_URL=uri)
        if done.returncode == code or time.monotonic() > deadline:
            return done
        await asyncio.sleep(0.5)


def _team_worker(db: Database, marker: Path) -> subprocess.Popen[bytes]:
    """A real researcher worker in its own process (``tests.worker_process``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.worker_process", str(marker)],
        env=cli_env(DATABASE_URL=db.uri, GA_EMBEDDER="hashing"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _noop(_ctx: Context) -> None:
    return None


async def test_probe_follows_a_real_worker_on_this_host(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    db = fresh_database()
    dead = await asyncio.to_thread(_probe, "researcher", DATABASE_URL=db.uri)
    assert dead.returncode == 1, dead.stdout + dead.stderr
    assert "no live worker of 'researcher' on" in dead.stderr

    worker = _team_worker(db, tmp_path / "marker")
    try:
        alive = await _until(db.uri, "researcher", 0, within_s=90)
        assert alive.returncode == 0, alive.stdout + alive.stderr
        assert "1 live worker(s) of 'researcher' on" in alive.stdout
        other = await asyncio.to_thread(_probe, "coder", DATABASE_URL=db.uri)
        assert other.returncode == 1  # a worker of another agent does not count
    finally:
        os.kill(worker.pid, signal.SIGKILL)  # hung or dead: its registration stops
        worker.wait(timeout=30)
    gone = await _until(db.uri, "researcher", 1, within_s=60)
    assert gone.returncode == 1, gone.stdout + gone.stderr


async def test_a_worker_on_another_host_does_not_keep_this_pod_alive(
    fresh_database: Callable[[], Database],
) -> None:
    db = fresh_database()
    pool = AsyncConnectionPool(db.uri, kwargs={"autocommit": True}, open=False)
    await pool.open()
    queue = PostgresQueue(pool=pool, name="triager", min_size=1)
    await queue.connect()
    worker = Worker(queue, functions=[("noop", _noop)], metadata={HOST: "another-pod"})
    running = asyncio.create_task(worker.start())
    try:
        for _ in range(50):  # wait until SAQ lists it, then ask the probe
            if (await queue.info())["workers"]:
                break
            await asyncio.sleep(0.2)
        assert (await queue.info())["workers"]
        done = await asyncio.to_thread(_probe, "triager", DATABASE_URL=db.uri)
        assert done.returncode == 1, done.stdout + done.stderr
    finally:
        await worker.stop()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await queue.disconnect()
        await pool.close()


def test_probe_does_not_judge_when_the_database_is_unreachable() -> None:
    done = _probe("triager", DATABASE_URL="postgresql://nobody:x@127.0.0.1:9/none")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "database unreachable" in done.stdout
    assert "nobody:x" not in done.stdout + done.stderr


def test_probe_needs_the_shared_database() -> None:
    done = _probe("triager")
    assert done.returncode == 1
    assert "DATABASE_URL is not set" in done.stderr
