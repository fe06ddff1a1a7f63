"""The worker pods' liveness probe (``python -m controllers.cli.worker_alive``) against a real
database and a real SAQ worker: dead without one, alive with one, and not judging when the
database itself is out of reach."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable

from saq import Worker
from saq.types import Context

from blackboard.database import Database
from controllers.control.queues import QueuePool
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


async def _noop(_ctx: Context) -> None:
    return None


async def test_probe_fails_without_a_worker_and_passes_with_one(
    fresh_database: Callable[[], Database],
) -> None:
    db = fresh_database()
    dead = await asyncio.to_thread(_probe, "triager", DATABASE_URL=db.uri)
    assert dead.returncode == 1, dead.stdout + dead.stderr
    assert "no live worker on queue 'triager'" in dead.stderr

    pool = QueuePool(db.uri, max_size=4)
    worker = Worker(await pool.queue("triager"), functions=[("noop", _noop)], concurrency=1)
    running = asyncio.create_task(worker.start())
    try:
        for _ in range(100):  # the worker registers itself within its first upkeep round
            alive = await asyncio.to_thread(_probe, "triager", DATABASE_URL=db.uri)
            if alive.returncode == 0:
                break
            await asyncio.sleep(0.2)
        assert alive.returncode == 0, alive.stdout + alive.stderr
        assert "1 live worker(s) on queue 'triager'" in alive.stdout
        other = await asyncio.to_thread(_probe, "coder", DATABASE_URL=db.uri)
        assert other.returncode == 1  # a worker of another agent does not count
    finally:
        await worker.stop()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
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
