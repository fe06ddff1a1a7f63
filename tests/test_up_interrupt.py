"""Ctrl-C on ``up`` with an active task: it says which task it interrupts, SAQ's shutdown warning
comes once (not once per worker), the stop is bounded, and the task resumes on the next ``up``.

The task is kept active by a model server that accepts the request and never answers (a real
socket on loopback), as a slow model would.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from blackboard.database import Database
from controllers.cli.stopping import run_then_wait
from tests.cli_runner import cli_env, free_port, run_cli, start_up, wait_healthy

BOUND_S = 5
SAQ_WARNING = "Some tasks did not finish within the shutdown grace period"


@contextmanager
def silent_model_server() -> Iterator[tuple[int, list[socket.socket]]]:
    """A loopback port that accepts connections and never answers; yields (port, connections)."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1]), accepted
    finally:
        server.close()
        for conn in accepted:
            conn.close()


def _wait(what: str, check: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _tasks(env: dict[str, str]) -> list[dict[str, Any]]:
    listed = run_cli("tasks", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    tasks: list[dict[str, Any]] = json.loads(listed.stdout)
    return tasks


def _up(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    up = start_up("--port", str(port), env=env)
    wait_healthy(f"http://127.0.0.1:{port}", up)
    return up


def _interrupt(up: subprocess.Popen[str]) -> tuple[float, str, str]:
    started = time.monotonic()
    up.send_signal(signal.SIGINT)
    out, err = up.communicate(timeout=120)
    return time.monotonic() - started, out, err


def test_ctrl_c_names_the_task_is_bounded_and_the_task_resumes(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    with silent_model_server() as (model_port, requests):
        env = cli_env(
            DATABASE_URL=fresh_database().uri,
            GA_DATA_DIR=str(tmp_path),
            GA_EMBEDDER="hashing",
            GA_OLLAMA_URL=f"http://127.0.0.1:{model_port}",
            GA_SHUTDOWN_TIMEOUT_S=str(BOUND_S),
            GA_CONTROL_SWEEP_S="1",  # the next up finds the interrupted job at once
        )
        port = free_port()
        up = _up(env, port)
        try:
            webhooks = "Gitea signs webhook deliveries with HMAC SHA256 in X-Gitea-Signature."
            assert run_cli("post", "--kind", "document", webhooks, env=env).returncode == 0
            asked = run_cli("post", "--kind", "question", "How are webhooks signed?", env=env)
            assert asked.returncode == 0, asked.stderr
            _wait("the researcher to ask the model", lambda: len(requests) >= 1)
            [task] = [t for t in _tasks(env) if t["status"] == "active"]
        finally:
            took, out, err = _interrupt(up)
        assert up.returncode == 0, err
        said = " ".join(err.split())
        assert (
            f"interrupting task {task['id']} ({task['agent']}, entry {task['entry_id']}); "
            "it is put back to be retried on the next 'up'" in said
        )
        assert said.count(SAQ_WARNING) <= 1  # once, not once per worker
        assert took < BOUND_S + 25, f"Ctrl-C took {took:.0f} s"
        assert "stopped" in out

        again = _up(env, port)
        try:
            _wait("the task to resume", lambda: len(requests) >= 2)
            [resumed] = [t for t in _tasks(env) if t["id"] == task["id"]]
            assert resumed["status"] == "active"
            assert resumed["attempts"] == task["attempts"] + 1
        finally:
            _interrupt(again)


def test_work_left_in_a_thread_is_waited_for_at_most_the_bound() -> None:
    release = threading.Event()
    said: list[str] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.run_in_executor(None, release.wait)  # a model generating, as far as up can tell

    started = time.monotonic()
    left = run_then_wait(main(), 0.5, said.append)
    try:
        assert 0.5 <= time.monotonic() - started < 5
        assert len(left) == 1 and left[0].is_alive()
        assert said and "at most 0.5 s (GA_SHUTDOWN_TIMEOUT_S)" in said[0]
    finally:
        release.set()
        for thread in left:
            thread.join(timeout=5)
    assert run_then_wait(asyncio.sleep(0), 0.5, said.append) == []
