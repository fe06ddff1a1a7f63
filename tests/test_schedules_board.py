"""Who created each task is on the board: the web view shows it (an agent's page and an
entry's page) and ``tasks list --created-by`` filters by it, against a real ``up``."""

from __future__ import annotations

import json
import re
import signal
from collections.abc import Callable
from pathlib import Path

import httpx
from litestar.testing import AsyncTestClient

from blackboard.database import Database
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.control.scans.runner import run_scans
from controllers.control.settings import ControlSettings
from controllers.settings import AppSettings
from knowledge_sources.souls import load_souls
from tests.cli_runner import cli_env, free_port, run_cli, start_up, wait_healthy
from tests.schedule_helpers import add_entry, scheduled

TOKEN = "schedule-test-token"


async def test_the_web_view_shows_who_created_each_task(fresh_board: Board) -> None:
    board = fresh_board
    souls = load_souls()
    issue = await add_entry(board, "gitea_issue", "Crash on start")
    triager = scheduled(souls["triager"], cron="*/5 * * * *", scans=["untriaged_issues"])
    report = await run_scans(board, triager, souls, ControlSettings())
    (task_id,) = report.created["untriaged_issues"]

    app = create_app(AppSettings(board=board.settings), board=board, token=TOKEN)
    async with AsyncTestClient(app=app) as client:
        login = (await client.get("/ui/login")).text
        csrf = re.search(r'name="_csrf_token" value="([^"]+)"', login)
        assert csrf is not None
        await client.post("/ui/login", data={"token": TOKEN, "_csrf_token": csrf[1]})
        agents = (await client.get("/ui/agents")).text
        related = (await client.get(f"/ui/entries/{issue.id}/related")).text
    row = re.search(rf'<tr id="task-{task_id}">(.*?)</tr>', agents, re.S)
    assert row is not None
    reason = "triager&#39;s untriaged_issues scan found an issue nobody triaged"
    assert f'<td class="creator" title="{reason}">triager</td>' in row[1]
    assert f'<span class="creator" title="{reason}">created by triager</span>' in related
    shown = re.search(r'<section class="card" id="agent-triager">.*?</section>', agents, re.S)
    assert shown is not None
    assert (
        "Scans for untriaged_issues at <code>*/15 * * * *</code> (UTC); today 1 of 40 tasks, "
        "0 of 1800 model seconds." in " ".join(shown[0].split())
    )


def test_tasks_list_filters_by_creator(
    tmp_path: Path, fresh_database: Callable[[], Database]
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = tmp_path / "data"
    env = cli_env(
        DATABASE_URL=fresh_database().uri,
        GA_DATA_DIR=str(data_dir),
        GA_EMBEDDER="hashing",
        GA_API_URL=base,
        GA_MODEL_PROVIDER="scripted",
    )
    up = start_up("--port", str(port), "--no-agents", env=env)
    try:
        wait_healthy(base, up)
        posted = run_cli("post", "--kind", "question", "Why does start-up crash?", env=env)
        assert posted.returncode == 0, posted.stderr
        question = int(posted.stdout.strip())
        auth = {"Authorization": f"Bearer {(data_dir / 'api-token').read_text().strip()}"}
        made: dict[str, list[int]] = {}
        for creator in ("researcher", "human", "researcher"):
            task = httpx.post(
                f"{base}/tasks",
                json={"agent": "researcher", "entry_id": question, "created_by": creator},
                headers=auth,
            )
            assert task.status_code == 201, task.text
            made.setdefault(creator, []).append(task.json()["id"])

        listed = run_cli("tasks", "list", "--created-by", "researcher", "--json", env=env)
        assert listed.returncode == 0, listed.stderr
        rows = json.loads(listed.stdout)
        assert sorted(t["id"] for t in rows) == made["researcher"]
        assert {t["created_by"] for t in rows} == {"researcher"}

        by_human = json.loads(
            run_cli("tasks", "list", "--created-by", "human", "--json", env=env).stdout
        )
        assert [t["id"] for t in by_human] == made["human"]
        nobody = json.loads(
            run_cli("tasks", "list", "--created-by", "nobody", "--json", env=env).stdout
        )
        assert nobody == []

        table = run_cli("tasks", "list", "--created-by", "human", env=env)
        assert table.returncode == 0, table.stderr
        header = next(line for line in table.stdout.splitlines() if " by " in f" {line} ")
        assert header.split()[:7] == ["id", "agent", "status", "prio", "entry", "tries", "by"]
        assert re.search(rf"\b{made['human'][0]}\b.*\bhuman\b", table.stdout)
    finally:
        up.send_signal(signal.SIGTERM)
        _, err = up.communicate(timeout=60)
    assert up.returncode == 0, err
