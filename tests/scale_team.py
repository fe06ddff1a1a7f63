"""What the ``serve`` tests share: ``roles`` starts ``serve`` processes (logs to files), and a
one-soul team: ``answerer`` (the generalist) takes every question, on the scripted model, so
every task is two model calls and one contribution."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from blackboard.database import Database
from tests.cli_runner import SCRIPT, cli_env

ANSWERER = """---
name: answerer
role: Answerer
summary: Answers every question on the board with a short contribution.
personality: Brief.
skills:
  - answering questions
model:
  provider: scripted
triggers:
  - kinds: [question]
actions: [comment]
---
# Answerer

I answer every question on the board with a short, useful contribution.
"""


def answerer_souls(directory: Path) -> Path:
    """A souls directory holding only the answerer."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "answerer.md").write_text(ANSWERER, encoding="utf-8")
    return directory


ROLE_TOKEN = "serve-role-test-token-of-32-characters"
"""The API token of the roles (``serve api`` refuses one shorter than 32 characters)."""


def role_env(db: Database, souls: Path, latency_s: float = 0.5) -> dict[str, str]:
    """The environment of a ``serve`` role on ``db``: fast sweeps, leases and retries."""
    return cli_env(
        DATABASE_URL=db.uri,
        GA_EMBEDDER="hashing",
        GA_API_TOKEN=ROLE_TOKEN,
        GA_SOULS_DIR=str(souls),
        GA_MODEL_PROVIDER="scripted",
        GA_MODEL_SCRIPTED_LATENCY_S=str(latency_s),
        GA_CONTROL_HEARTBEAT_S="5",
        GA_CONTROL_SWEEP_S="1",
        GA_CONTROL_RETRY_DELAY_S="0",
        GA_CONTROL_REQUEUE_S="2",
        GA_CONTROL_LEASE_POLL_S="0.5",
        GA_LOG_LEVEL="INFO",
    )


@contextmanager
def roles(env: dict[str, str], logs: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start ``serve`` roles (stderr to ``logs/<n>.log``); all stopped at the end."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        log = (logs / f"{len(started)}.log").open("w")
        process = subprocess.Popen(
            [SCRIPT, "serve", *args], env=env, text=True, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
