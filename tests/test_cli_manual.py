"""``gitea-assistants --help`` is this product's manual: our commands on top, Litestar's own
commands under ``litestar``, ``--version`` ours, bad settings refused at start-up."""

from __future__ import annotations

import json
import re
import signal
import subprocess
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from blackboard.database import Database
from tests.cli_runner import SCRIPT, cli_env, free_port, run_cli, wait_healthy

OURS = {
    "ask",
    "bench",
    "board",
    "db",
    "gitea",
    "ingest",
    "k8s",
    "litestar",
    "post",
    "search",
    "serve",
    "sync",
    "tasks",
    "up",
}
LITESTARS = {"info", "routes", "run", "schema", "sessions", "version"}
COMMAND_LINE = re.compile(r"^(?:│ | {2})([a-z][\w-]*)\s{2,}\S", re.MULTILINE)


def _commands(help_text: str) -> set[str]:
    """The command names a ``--help`` page lists (rich-click's boxes or plain click)."""
    listed = help_text.split("Commands", 1)[1]
    return set(COMMAND_LINE.findall(listed))


def test_help_lists_our_commands_only() -> None:
    result = run_cli("--help", env=cli_env())
    assert result.returncode == 0, result.stderr
    assert _commands(result.stdout) == OURS
    assert "Litestar's own commands" in " ".join(result.stdout.split())


def test_version_is_ours() -> None:
    result = run_cli("--version", env=cli_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"gitea-assistants {version('gitea-assistants')}"


def test_litestar_group_holds_litestars_commands(tmp_path: Path) -> None:
    env = cli_env(GA_DATA_DIR=str(tmp_path))
    listed = run_cli("litestar", "--help", env=env)
    assert listed.returncode == 0, listed.stderr
    assert _commands(listed.stdout) == LITESTARS
    assert "without the team" in " ".join(listed.stdout.split())
    routes = run_cli("litestar", "routes", env=env)
    assert routes.returncode == 0, routes.stderr
    assert "/entries" in routes.stdout and "/gitea/webhook" in routes.stdout
    schema_file = tmp_path / "openapi.json"
    schema = run_cli("litestar", "schema", "openapi", "--output", str(schema_file), env=env)
    assert schema.returncode == 0, schema.stderr
    spec = json.loads(schema_file.read_text())
    assert spec["info"]["title"] == "gitea-assistants board"
    assert "/search" in spec["paths"]


def test_litestar_run_says_it_serves_the_api_without_the_team(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    port = free_port()
    env = cli_env(
        DATABASE_URL=fresh_database().uri,
        GA_DATA_DIR=str(tmp_path),
        GA_EMBEDDER="hashing",
        GA_API_TOKEN="run-test-token-with-at-least-32-chars",
    )
    run = subprocess.Popen(
        [SCRIPT, "litestar", "run", "--port", str(port)],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", run)
    finally:
        run.send_signal(signal.SIGINT)
        _out, err = run.communicate(timeout=60)
    assert "no team" in err and "'gitea-assistants up' runs them all" in err


def test_bad_settings_stop_every_command_without_quoting_the_value() -> None:
    env = cli_env(GA_PORT="not-a-port-s3cret", GA_EMBEDDER_TIMEOUT_S="s3cret-too")
    result = run_cli("board", env=env)
    assert result.returncode == 2
    assert "bad setting GA_PORT" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
