"""A person's first hour with the CLI, against a real ``up`` on a non-default port (no
GA_API_URL: the commands find it through its record): unknown agents, kinds and statuses are
refused with a did-you-mean; a failed task is retried; ``ask --wait`` shows its progress, and
says at once when no agents run."""

from __future__ import annotations

import json
import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.cli_runner import cli_env, free_port, run_cli, start_up, wait_healthy

WEBHOOKS = "Gitea signs webhooks with HMAC SHA256 of the body."


@contextmanager
def running_up(data_dir: Path, *flags: str) -> Iterator[tuple[str, dict[str, str]]]:
    """``up`` on a free port (not 8000) with the scripted model; yields its URL and an env
    without GA_API_URL. On exit: stopped by SIGTERM, clean, its record removed."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = cli_env(GA_DATA_DIR=str(data_dir), GA_EMBEDDER="hashing", GA_MODEL_PROVIDER="scripted")
    up = start_up("--port", str(port), *flags, env=env)
    try:
        wait_healthy(base, up)
        record = json.loads((data_dir / "up.json").read_text())
        assert record == {"url": base, "pid": up.pid, "agents": "--no-agents" not in flags}
        yield base, env
    finally:
        up.send_signal(signal.SIGTERM)
        out, err = up.communicate(timeout=60)
    assert up.returncode == 0, err
    assert "stopped cleanly" in out
    assert not (data_dir / "up.json").exists(), "up left its record behind"


def _json(*args: str, env: dict[str, str]) -> Any:
    result = run_cli(*args, "--json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _one_line(text: str) -> str:
    """The message on one line, without rich-click's box around usage errors."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def _wait_status(task_id: int, status: str, env: dict[str, str], limit_s: float = 60) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        tasks = _json("tasks", "list", "--status", status, env=env)
        if any(t["id"] == task_id for t in tasks):
            return
        time.sleep(0.5)
    raise AssertionError(f"task {task_id} never became {status}")


def test_unknown_names_refused_retry_and_ask_progress(tmp_path: Path) -> None:
    with running_up(tmp_path / "data") as (base, env):
        # unknown kinds and statuses: refused with the list and the closest word, exit 2
        for args, near in (
            (("board", "--kind", "questoin"), "question"),
            (("board", "--status", "opne"), "open"),
            (("search", "x", "--kind", "documnet"), "document"),
            (("tasks", "list", "--status", "faild"), "failed"),
        ):
            refused = run_cli(*args, env=env)
            assert refused.returncode == 2, (args, refused.stdout)
            message = _one_line(refused.stderr)
            assert f"Did you mean '{near}'?" in message, message
            assert "research_note" in message or "cancelled" in message or "closed" in message
        no_agent = run_cli("tasks", "list", "--agent", "reseacher", env=env)
        assert no_agent.returncode == 2
        assert "did you mean 'researcher'?" in _one_line(no_agent.stderr)
        assert "planner" in no_agent.stderr

        # post: the id on stdout, what was made and where to watch it on stderr
        posted = run_cli("post", "--kind", "document", "--title", "Webhooks", WEBHOOKS, env=env)
        assert posted.returncode == 0, posted.stderr
        doc_id = int(posted.stdout.strip())
        assert f'document {doc_id} posted: "Webhooks"' in posted.stderr
        assert f"gitea-assistants tasks list --entry {doc_id}" in posted.stderr
        assert f"{base}/ui/entries/{doc_id}" in posted.stderr

        # ask --wait: progress lines (stderr), then the note (stdout)
        asked = run_cli("ask", "How are webhooks signed with HMAC?", "--wait", env=env)
        assert asked.returncode == 0, asked.stderr
        assert WEBHOOKS in asked.stdout
        question_id = int(re.findall(r"question (\d+) posted", asked.stderr)[0])
        lines = asked.stderr.splitlines()
        assert f"waiting for the team to pick up question {question_id}..." in lines
        task_lines = [line for line in lines if re.match(r"task \d+ ", line)]
        assert task_lines and all("researcher" in line for line in task_lines)
        assert re.fullmatch(r"task \d+ done \(researcher\)", task_lines[-1]), task_lines
        assert len(task_lines) == len(set(task_lines)), "a state was printed twice"
        assert any(re.match(r"research note \d+ published: ", line) for line in lines)

        # a task for an agent not on the team fails; steering it is refused or retried
        token = (tmp_path / "data" / "api-token").read_text().strip()
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as api:
            task = api.post("/tasks", json={"agent": "nobody", "entry_id": question_id}).json()
            task_id = task["id"]
            _wait_status(task_id, "failed", env)

            patched = api.patch(f"/tasks/{task_id}", json={"version": 1, "agent": "reseacher"})
        assert patched.status_code == 400
        assert "did you mean 'researcher'?" in patched.json()["detail"]

        typo = run_cli("tasks", "assign", str(task_id), "reseacher", env=env)
        assert typo.returncode == 2
        assert "no agent named 'reseacher' (did you mean 'researcher'?)" in _one_line(typo.stderr)
        assign_failed = run_cli("tasks", "assign", str(task_id), "researcher", env=env)
        assert assign_failed.returncode == 1
        assert f"tasks retry {task_id} --agent researcher" in _one_line(assign_failed.stderr)
        same_agent = run_cli("tasks", "retry", str(task_id), env=env)
        assert same_agent.returncode == 1
        assert "no agent named 'nobody'" in _one_line(same_agent.stderr)
        (unchanged,) = [t for t in _json("tasks", "list", env=env) if t["id"] == task_id]
        assert (unchanged["status"], unchanged["agent"]) == ("failed", "nobody")

        retried = run_cli("tasks", "retry", str(task_id), "--agent", "researcher", env=env)
        assert retried.returncode == 0, retried.stderr
        assert retried.stdout.startswith(f"task {task_id} failed -> pending for researcher")
        _wait_status(task_id, "done", env)
        again = run_cli("tasks", "retry", str(task_id), env=env)
        assert again.returncode == 1
        assert "only failed or cancelled tasks are retried" in _one_line(again.stderr)
        cancel_done = run_cli("tasks", "cancel", str(task_id), env=env)
        assert cancel_done.returncode == 1
        assert "it is already done" in cancel_done.stderr


def test_no_agents_said_at_once_and_a_stale_record_ignored(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running_up(data_dir, "--no-agents") as (_, env):
        started = time.monotonic()
        asked = run_cli("ask", "Is anyone there?", "--wait", "--timeout", "600", env=env)
        assert asked.returncode == 1
        assert "no agents are running (up was started with --no-agents)" in _one_line(asked.stderr)
        assert time.monotonic() - started < 60
        board = _json("board", env=env)
        assert [e["title"] for e in board] == ["Is anyone there?"]

    # up was killed: its record stays behind with a pid that is gone
    (data_dir / "up.json").write_text(
        json.dumps({"url": f"http://127.0.0.1:{free_port()}", "pid": 2**22 + 7, "agents": True})
    )
    stale = run_cli("board", env=cli_env(GA_DATA_DIR=str(data_dir)))
    assert stale.returncode == 1
    message = _one_line(stale.stderr)
    assert f"ignoring {data_dir / 'up.json'}" in message and "is gone" in message
    assert "cannot reach the board API at http://127.0.0.1:8000" in message
    assert "set GA_API_URL" in message
