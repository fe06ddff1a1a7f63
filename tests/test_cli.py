"""The CLI against a running ``up`` (real subprocesses, loopback only)."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import psycopg

from blackboard.database import Database
from tests.cli_runner import cli_env, free_port, run_cli, start_up, wait_healthy


def test_up_on_embedded_default_then_post_board_search(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = tmp_path / "data"
    env = cli_env(
        GA_DATA_DIR=str(data_dir),
        GA_EMBEDDER="hashing",
        GA_API_URL=base,
        GA_MODEL_PROVIDER="scripted",
    )
    up = start_up("--port", str(port), env=env)
    try:
        wait_healthy(base, up)
        token_file = data_dir / "api-token"
        assert token_file.exists()
        assert token_file.stat().st_mode & 0o777 == 0o600

        posted = run_cli("post", "--kind", "question", "How are webhooks signed?", env=env)
        assert posted.returncode == 0, posted.stderr
        question_id = int(posted.stdout.strip())
        doc = run_cli(
            "post",
            "--kind",
            "document",
            "--title",
            "Webhooks",
            "Gitea signs webhooks with HMAC SHA256 of the body.",
            env=env,
        )
        assert doc.returncode == 0, doc.stderr

        board = run_cli("board", "--json", env=env)
        assert board.returncode == 0, board.stderr
        entries = json.loads(board.stdout)
        assert [e["id"] for e in entries][-1] == question_id
        assert {"question", "document"} <= {e["kind"] for e in entries}

        only_docs = json.loads(run_cli("board", "--kind", "document", "--json", env=env).stdout)
        assert [e["title"] for e in only_docs] == ["Webhooks"]

        asked = run_cli(
            "ask",
            "How are webhooks signed with HMAC?",
            "--wait",
            "--timeout",
            "60",
            "--json",
            env=env,
        )
        assert asked.returncode == 0, asked.stderr
        note = json.loads(asked.stdout)["note"]
        assert note["kind"] == "research_note"
        assert note["author"] == "researcher"
        assert "Gitea signs webhooks with HMAC SHA256 of the body." in note["body"]

        tasks = json.loads(
            run_cli("tasks", "list", "--agent", "researcher", "--json", env=env).stdout
        )
        assert any(t["status"] == "done" for t in tasks)

        found = run_cli("search", "HMAC body", "--kind", "document", "--json", env=env)
        assert found.returncode == 0, found.stderr
        hits = json.loads(found.stdout)
        assert hits[0]["title"] == "Webhooks"

        table = run_cli("board", env=env)
        assert "Webhooks" in table.stdout
    finally:
        up.send_signal(signal.SIGTERM)
        out, err = up.communicate(timeout=60)
    assert up.returncode == 0, err
    assert "stopped cleanly" in out
    assert str(data_dir / "api-token") in out
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    assert not pid_file.exists(), "the embedded PostgreSQL was left running"


def test_cli_errors_are_clear(tmp_path: Path) -> None:
    env = cli_env(GA_DATA_DIR=str(tmp_path), GA_API_URL=f"http://127.0.0.1:{free_port()}")
    no_token = run_cli("board", env=env)
    assert no_token.returncode != 0
    assert "no API token" in no_token.stderr

    env["GA_API_TOKEN"] = "x"
    down = run_cli("board", env=env)
    assert down.returncode != 0
    assert "is 'gitea-assistants up' running?" in down.stderr


def test_db_upgrade_and_current_with_database_url(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    db = fresh_database()
    env = cli_env(DATABASE_URL=db.uri, GA_DATA_DIR=str(tmp_path))
    upgraded = run_cli("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "0007" in upgraded.stdout
    with psycopg.connect(db.uri) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
    down = run_cli("db", "downgrade", "base", env=env)
    assert down.returncode == 0, down.stderr
    assert "none" in down.stdout


def test_database_url_without_pgvector_is_explained(tmp_path: Path) -> None:
    env = cli_env(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none", GA_DATA_DIR=str(tmp_path))
    result = run_cli("db", "current", env=env)
    assert result.returncode != 0
    assert "cannot connect to" in result.stderr
