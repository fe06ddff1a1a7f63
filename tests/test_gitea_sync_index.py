"""A large Gitea sync builds the vector index once, through the real ``sync`` command against
the stand-in: the first sync of an organisation writes more chunks than the board held, drops
the index on the way and builds it again at the end (said on the console and in ``--json``);
the next sync writes nothing new and keeps it; with deferral off the index is never dropped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from blackboard.database import Database
from blackboard.search.vector_index import INDEX_NAME
from tests.cli_runner import cli_env, run_cli
from tests.gitea_standin.fixtures import standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.world import World, build


@pytest.fixture(scope="module")
def world(standin: StandinGitea) -> Iterator[World]:  # noqa: F811
    yield build(standin)
    assert not standin.violations


def _env(world: World, database: Database, defer_rows: int) -> dict[str, str]:
    return cli_env(
        DATABASE_URL=database.uri,
        GA_EMBEDDER="hashing",
        GA_GITEA_URL=world.server.url,
        GA_GITEA_TOKEN=world.server.token,
        GA_GITEA_ALLOW="acme",
        GA_GITEA_RETRY_WAIT="0.01",
        GA_VECTOR_INDEX_DEFER_ROWS=str(defer_rows),
    )


def _index(database: Database) -> str | None:
    with psycopg.connect(database.uri) as conn:
        row = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", (INDEX_NAME,)
        ).fetchone()
    return None if row is None else str(row[0])


def _sync(env: dict[str, str], *flags: str) -> dict[str, Any]:
    done = run_cli("sync", "--json", *flags, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_a_first_large_sync_drops_the_index_and_builds_it_once_at_the_end(
    world: World, fresh_database: Callable[[], Database]
) -> None:
    database = fresh_database()
    env = _env(world, database, defer_rows=20)
    first = _sync(env)  # migrates the empty database, then mirrors acme
    assert first["writes"] > 50
    assert first["index_dropped_after"] >= 20  # counted every 50 writes, so somewhat later
    assert first["index_build_seconds"] is not None
    shipped = _index(database)  # the migration's definition, built again
    assert shipped is not None and "halfvec_cosine_ops" in shipped

    again = run_cli("sync", "--full", env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "vector index was dropped" not in again.stdout  # nothing new: the index stayed
    assert _index(database) == shipped


def test_with_deferral_off_a_sync_never_drops_the_index(
    world: World, fresh_database: Callable[[], Database]
) -> None:
    database = fresh_database()
    report = _sync(_env(world, database, defer_rows=0))
    assert report["writes"] > 50
    assert report["index_dropped_after"] is None and report["index_build_seconds"] is None
    assert _index(database) is not None
