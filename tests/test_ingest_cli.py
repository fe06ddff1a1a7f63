"""``gitea-assistants ingest`` as a real subprocess against a test database: ``--json`` end to
end with bad inputs, a missing path, and ``kill -9`` mid-run followed by a run that completes
the store. (Unreadable files and directories are in test_ingest_walk and
test_ingest_unreadable: a child without the right to bypass file permissions cannot reach the
test server's socket either.)"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from blackboard.database import Database
from tests.test_ingest_support import HANDBOOK_FILES, copy_handbook
from tests.test_ingest_walk import make_bad_inputs

REPO = Path(__file__).resolve().parents[1]


def cli_env(db: Database, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GA_", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=db.uri,
        GA_DATA_DIR=str(data_dir),
        GA_EMBEDDER="hashing",
        GA_INGEST_MAX_FILE_BYTES="4000",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "controllers.cli.main", "ingest", *args]


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_ingest_json_end_to_end_with_bad_inputs(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    db = fresh_database()
    root = copy_handbook(tmp_path)
    expected = make_bad_inputs(root)
    env = cli_env(db, tmp_path / "data")
    done = run_cli(cli(str(root), "--store", "hb", "--json"), env)
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout)
    assert summary["store"] == "hb" and not summary["interrupted"]
    assert sorted(summary["new"]) == HANDBOOK_FILES
    reasons = {s["path"]: s["reason"] for s in summary["skipped"]}
    for relpath, prefix in expected.items():
        assert reasons.get(relpath, "").startswith(prefix), (relpath, reasons.get(relpath))
    assert summary["counts"]["skipped"] == len(expected) + 1  # + images/logo.png
    assert summary["chunks"]["written"] == summary["chunks"]["embedded"] > 0
    # chunks/s over the embedding work alone, the model's load apart, both inside the run
    assert 0 < summary["embedding_seconds"] <= summary["seconds"]
    assert summary["model_load_seconds"] + summary["embedding_seconds"] <= summary["seconds"]
    assert summary["embedded_per_second"] > 0

    with psycopg.connect(db.uri) as conn:
        rows = conn.execute(
            "SELECT count(*) FROM entries WHERE kind = 'document' AND 'store:hb' = ANY(tags)"
        ).fetchone()
    assert rows is not None and rows[0] == len(HANDBOOK_FILES)

    again = run_cli(cli(str(root), "--store", "hb", "--json"), env)
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert second["counts"]["unchanged"] == len(HANDBOOK_FILES)
    assert second["chunks"]["embedded"] == 0

    edited = root / HANDBOOK_FILES[0]
    edited.write_text(edited.read_text() + "\n\nOne more paragraph about the night shift.\n")
    human = run_cli(cli(str(root), "--store", "hb"), env)
    assert human.returncode == 0, human.stderr
    assert re.search(r"embedding: \d+ chunks in [\d.]+ s \([\d.]+ chunks/s\)", human.stdout)


def test_missing_path_fails_clearly(fresh_database: Callable[[], Database], tmp_path: Path) -> None:
    db = fresh_database()
    done = run_cli(cli(str(tmp_path / "no-such-dir"), "--json"), cli_env(db, tmp_path / "d"))
    assert done.returncode == 1
    assert "no such file or directory" in done.stderr and "no-such-dir" in done.stderr
    assert done.stdout == ""


def _entries(uri: str) -> int:
    with psycopg.connect(uri) as conn:
        row = conn.execute("SELECT count(*) FROM entries").fetchone()
    return int(row[0]) if row else 0


def test_kill_9_mid_run_then_resume(fresh_database: Callable[[], Database], tmp_path: Path) -> None:
    db = fresh_database()
    root = tmp_path / "pile"
    root.mkdir()
    files = 300
    for i in range(files):
        (root / f"doc-{i:04d}.md").write_text(
            f"# Doc {i}\n\nFirst paragraph of document {i}.\n\n## More\n\nSecond part {i * 3}.\n"
        )
    env = cli_env(db, tmp_path / "data")
    env["GA_INGEST_BATCH_CHUNKS"] = "8"
    proc = subprocess.Popen(
        cli(str(root), "--json"),
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if _entries(db.uri) >= 5:
                    break
            except psycopg.Error:
                pass  # not migrated yet
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with psycopg.connect(db.uri) as conn:
        partial = conn.execute(
            "SELECT e.id, count(c.id) FROM entries e LEFT JOIN chunks c ON c.entry_id = e.id "
            "GROUP BY e.id"
        ).fetchall()
    assert 5 <= len(partial) < files
    assert all(n == 2 for _, n in partial), "every stored entry is whole"

    done = run_cli(cli(str(root), "--json"), env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["counts"]["unchanged"] == len(partial)
    assert summary["counts"]["new"] == files - len(partial)
    with psycopg.connect(db.uri) as conn:
        complete = conn.execute(
            "SELECT count(DISTINCT e.id), count(c.id) FROM entries e JOIN chunks c "
            "ON c.entry_id = e.id WHERE c.embedding IS NOT NULL"
        ).fetchone()
    assert complete == (files, files * 2)


def test_help_names_both_forms() -> None:
    done = subprocess.run(
        cli("--help"), cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "PATH... | deps" in done.stdout and "deps" in done.stdout


def test_ingest_deps_for_one_package(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    db = fresh_database()
    env = cli_env(db, tmp_path / "d")
    env["GA_INGEST_MAX_FILE_BYTES"] = "1000000"
    done = run_cli(cli("deps", "--package", "pathspec", "--json"), env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["kind"] == "dependency_doc" and summary["counts"]["new"] == 1
    assert summary["new"][0].startswith("pathspec ")
    with psycopg.connect(db.uri) as conn:
        row = conn.execute(
            "SELECT e.source_version, count(c.id) FROM entries e JOIN chunks c "
            "ON c.entry_id = e.id WHERE e.source_uri = 'pydist://pathspec' GROUP BY e.id"
        ).fetchone()
    assert row is not None and row[1] > 1
