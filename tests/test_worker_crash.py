"""A worker killed with SIGKILL mid-task: the task is retried and its outbox write happens once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from blackboard.database import Database
from blackboard.models import Action, Task
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from blackboard.settings import Settings
from controllers.agents import Team
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.cli_runner import cli_env
from tests.team_helpers import scalar, wait_for
from tests.worker_process import FAST, QUOTE


def _worker(db: Database, marker: Path) -> subprocess.Popen[bytes]:
    env = cli_env(DATABASE_URL=db.uri, GA_EMBEDDER="hashing")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.worker_process", str(marker)],
        env=env,
        cwd=Path(__file__).parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def test_killed_worker_task_is_retried_and_writes_once(
    fresh_database: Callable[[], Database],
    test_settings: Settings,
    tmp_path: Path,
) -> None:
    db = fresh_database()
    board = Board.open(test_settings, db=db)
    async with board.sessions() as session:
        await EntryService(session, await board.embedder()).create(
            EntryIn(
                kind="document",
                title="outbox.md",
                source_uri="file:///docs/outbox.md",
                body=f"# Outbox\n\n{QUOTE}, so a retried task posts once.",
            )
        )
    control = Team(
        board,
        {"researcher": load_souls()["researcher"]},
        model_for=lambda _: ScriptedModel(strict=False),
        settings=FAST,
        run_workers=False,
    )
    await control.start()
    marker = tmp_path / "stalled"
    first = _worker(db, marker)
    second: subprocess.Popen[bytes] | None = None
    try:
        async with api(board) as client:
            question = (
                await client.post(
                    "/entries",
                    json={
                        "kind": "question",
                        "title": "How is the outbox idempotent?",
                        "meta": {"repo": "acme/app"},
                    },
                )
            ).json()

        async def stalled() -> bool:
            return marker.exists()

        await wait_for(stalled, limit_s=60, what="the first worker to start the task")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)

        second = _worker(db, marker)

        async def done() -> bool:
            return (
                await scalar(
                    board, "SELECT status FROM tasks WHERE entry_id = :e", e=question["id"]
                )
                == "done"
            )

        await wait_for(done, limit_s=90, what="the retried task")
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(20)
            if process is not None and process.stderr is not None:
                process.stderr.close()
        await control.stop()

    async with board.sessions() as session:
        task = await session.scalar(select(Task).where(Task.entry_id == question["id"]))
        assert task is not None
        assert task.attempts == 2
        actions = list(
            (await session.scalars(select(Action).where(Action.task_id == task.id))).all()
        )
        assert [a.idempotency_key for a in actions] == [f"task:{task.id}:wiki"]
        notes = await session.scalar(select(Task.result).where(Task.id == task.id))
        assert notes is not None
        assert len(notes["entries"]) == 1
    await board.close(stop_database=False)
