"""One ``up`` per data directory: a second one is refused before it starts anything, naming the
running one; the other commands attach to the running embedded PostgreSQL and say so."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx

from tests.cli_runner import cli_env, free_port, run_cli, start_up, wait_healthy


def test_second_up_is_refused_and_db_attaches(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = cli_env(GA_DATA_DIR=str(data_dir), GA_EMBEDDER="hashing")
    first_port, second_port = free_port(), free_port()
    first = start_up("--no-agents", "--port", str(first_port), env=env)
    try:
        wait_healthy(f"http://127.0.0.1:{first_port}", first)

        second = run_cli("up", "--port", str(second_port), env=env, timeout=60)
        assert second.returncode == 1, second.stdout + second.stderr
        message = " ".join(second.stderr.split())
        assert f"pid {first.pid}" in message
        assert f"http://127.0.0.1:{first_port}" in message
        assert "GA_DATA_DIR" in message
        assert "board ready" not in second.stdout  # stopped before the database and the team
        try:
            httpx.get(f"http://127.0.0.1:{second_port}/health", timeout=1)
            raise AssertionError("the second up serves")
        except httpx.ConnectError:
            pass

        current = run_cli("db", "current", env=env)
        assert current.returncode == 0, current.stderr
        attached = " ".join(current.stderr.split())
        assert (
            f"attaching to the embedded PostgreSQL that is already running in {data_dir / 'pgdata'}"
            in attached
        )
        assert "starting embedded PostgreSQL" not in attached
        assert httpx.get(f"http://127.0.0.1:{first_port}/health", timeout=5).status_code == 200
    finally:
        first.send_signal(signal.SIGINT)
        out, err = first.communicate(timeout=90)
    assert first.returncode == 0, err
    assert "stopped cleanly" in out
