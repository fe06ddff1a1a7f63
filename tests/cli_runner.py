"""Helpers to run the real ``gitea-assistants`` console script in subprocesses."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SCRIPT = (
    shutil.which("gitea-assistants", path=str(Path(sys.executable).parent)) or "gitea-assistants"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli_env(**overrides: str) -> dict[str, str]:
    """The current environment minus any GA_/DATABASE_URL settings, plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GA_") and k != "DATABASE_URL"}
    env["COLUMNS"] = "400"  # rich output on one line per message
    env["GA_CONTROL_SCANS"] = "false"  # no shipped schedule fires mid-test (see conftest)
    env.update(overrides)
    return env


def run_cli(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def start_up(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.Popen[str]:
    """``gitea-assistants up ARGS`` in the background, its output piped (read after it stops)."""
    return subprocess.Popen(
        [SCRIPT, "up", *args],
        env=env,
        cwd=cwd,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_healthy(base_url: str, process: subprocess.Popen[str], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"up exited early ({process.returncode}):\n{out}\n{err}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("up did not become healthy in time")
