"""The ``serve`` roles refuse what cannot work, with the fix, and the sync and outbox roles each
take their lease and stop cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from blackboard.database import Database
from blackboard.runtime import Board
from blackboard.settings import BoardSettings
from tests.cli_runner import cli_env, run_cli
from tests.scale_team import answerer_souls, role_env, roles
from tests.team_helpers import wait_for


def test_roles_refuse_without_a_shared_migrated_database(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    alone = run_cli("serve", "control", env=cli_env(GA_DATA_DIR=str(tmp_path / "d")))
    assert alone.returncode == 1
    assert "set DATABASE_URL" in alone.stderr and "gitea-assistants up" in alone.stderr

    db = fresh_database()  # never migrated
    env = role_env(db, answerer_souls(tmp_path / "souls"))
    old = run_cli("serve", "control", env=env)
    assert old.returncode == 1
    assert "schema none" in old.stderr and "run 'gitea-assistants db upgrade' first" in old.stderr

    unknown = run_cli("serve", "worker", "--agent", "nobody", env=env)
    assert unknown.returncode == 2
    assert "no soul named nobody (the team: answerer)" in unknown.stderr


async def test_sync_and_outbox_take_their_leases_and_stop_cleanly(
    fresh_database: Callable[[], Database], test_settings: BoardSettings, tmp_path: Path
) -> None:
    db = fresh_database()
    board = Board.open(test_settings, db=db)  # migrated
    env = role_env(db, answerer_souls(tmp_path / "souls"))
    logs = tmp_path / "logs"
    logs.mkdir()
    with roles(env, logs) as start:
        sync, outbox = start("sync"), start("outbox")

        async def leading() -> bool:
            text = await asyncio.to_thread(_logs, logs)
            return all(f"lease {r} taken by this process" in text for r in ("sync", "outbox"))

        await wait_for(leading, limit_s=60, what="sync and outbox to take their leases")
    for role, process in (("sync", sync), ("outbox", outbox)):
        assert process.returncode == 0
        assert f"serve {role}: stopped cleanly" in await asyncio.to_thread(_logs, logs)
    await board.close(stop_database=False)


def _logs(directory: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(directory.glob("*.log")))
