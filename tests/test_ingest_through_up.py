"""``ingest`` beside a running ``up`` embeds through it (``/v1/embeddings``, the board's own
embedder, behind the API token) instead of loading a second model, and says so."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import httpx

from blackboard.database import Database
from blackboard.embeddings.factory import make_embedder
from blackboard.settings import BoardSettings
from controllers.api.routes.embeddings import MAX_TEXTS
from tests.cli_runner import cli_env, free_port, run_cli, start_up, wait_healthy


def test_ingest_embeds_through_the_running_up(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "backups.md").write_text("# Backups\n\nBackups run every night at two.\n")
    env = cli_env(
        DATABASE_URL=fresh_database().uri, GA_DATA_DIR=str(data_dir), GA_EMBEDDER="hashing"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    up = start_up("--no-agents", "--port", str(port), env=env)
    try:
        wait_healthy(base, up)
        token = (data_dir / "api-token").read_text().strip()
        texts = ["Backups run every night at two.", "Restores are tested monthly."]
        assert httpx.post(f"{base}/v1/embeddings", json={"input": texts}).status_code == 401
        auth = {"Authorization": f"Bearer {token}"}
        answer = httpx.post(f"{base}/v1/embeddings", json={"input": texts}, headers=auth)
        assert answer.status_code == 200, answer.text
        local = make_embedder(BoardSettings(embedder="hashing")).embed(texts)
        served = [row["embedding"] for row in answer.json()["data"]]
        assert [round(x, 6) for row in served for x in row] == [
            round(x, 6) for row in local for x in row
        ]
        too_many = httpx.post(
            f"{base}/v1/embeddings", json={"input": ["x"] * (MAX_TEXTS + 1)}, headers=auth
        )
        assert too_many.status_code == 400

        done = run_cli("ingest", str(docs), "--json", env=env)
        assert done.returncode == 0, done.stderr
        said = " ".join(done.stderr.split())
        assert f"embedding through the running 'up' at {base} (pid {up.pid})" in said
        summary = json.loads(done.stdout)
        assert summary["chunks"]["embedded"] >= 1
    finally:
        up.send_signal(signal.SIGINT)
        up.communicate(timeout=90)
    assert up.returncode == 0

    (docs / "backups.md").write_text("# Backups\n\nBackups run every night at three.\n")
    alone = run_cli("ingest", str(docs), "--json", env=env)
    assert alone.returncode == 0, alone.stderr
    assert "through the running 'up'" not in alone.stderr
    assert json.loads(alone.stdout)["chunks"]["embedded"] >= 1
