"""Shared fixtures: one embedded PostgreSQL per test session, a fresh migrated database per use.

Every test talks to a real PostgreSQL with pgvector over a real connection. The server is the
embedded one the project ships; each ``fresh_database()`` is a new, migrated database on it.
Nothing leaves loopback: ``network_guard`` is installed for the session, and a test that tried
to connect anywhere else fails (``loopback_only``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
import pytest
import pytest_asyncio

from blackboard import migrate
from blackboard.database import Database, ensure_vector_extension
from blackboard.embedded_server import EmbeddedPostgres
from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.hashing import HashingEmbedder
from blackboard.runtime import Board
from blackboard.settings import BoardSettings
from ingest.settings import IngestSettings
from tests import network_guard
from tests.test_ingest_support import default_ingest_settings

_counter = itertools.count(1)


def pytest_sessionstart(session: pytest.Session) -> None:
    network_guard.install()
    # the shipped souls' schedules would add tasks whenever a cron time passes mid-test;
    # tests of the scans turn them on themselves (tests/test_schedules*.py)
    os.environ.setdefault("GA_CONTROL_SCANS", "false")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    network_guard.uninstall()


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[None]:
    """Fail the test that tried to connect beyond loopback, even if its code swallowed the error."""
    before = len(network_guard.refused)
    yield
    tried = network_guard.refused[before:]
    if tried:
        pytest.fail(f"the test tried to connect beyond loopback: {', '.join(tried)}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Admin URI of the session's embedded PostgreSQL (started once, stopped at the end)."""
    root = Path(tempfile.mkdtemp(prefix="ga-tests-", dir="/tmp"))
    server = EmbeddedPostgres(root / "pgdata")
    uri = server.start()
    try:
        yield uri
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def fresh_database(pg_server: str) -> Callable[[], Database]:
    """Factory: a new, empty database with pgvector, not yet migrated."""

    def make() -> Database:
        name = f"t{os.getpid()}_{next(_counter)}"
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        uri = pg_server.replace("/gitea_assistants?", f"/{name}?")
        ensure_vector_extension(uri)
        return Database(uri=uri)

    return make


@pytest.fixture(scope="session")
def test_settings(tmp_path_factory: pytest.TempPathFactory) -> BoardSettings:
    """Board settings for tests: a throwaway data dir, the hashing embedder, a known API token."""
    return BoardSettings(
        data_dir=tmp_path_factory.mktemp("data"),
        embedder="hashing",
        api_token="test-token",
    )


@pytest.fixture(scope="session")
def hashing_embedder() -> SharedEmbedder:
    """The deterministic embedder, shared so tests can count what it computed."""
    return SharedEmbedder(HashingEmbedder(384))


@asynccontextmanager
async def _open_board(
    fresh_database: Callable[[], Database], settings: BoardSettings, embedder: SharedEmbedder
) -> AsyncIterator[Board]:
    """A migrated board on a database of its own, with ``embedder``."""
    opened = Board.open(settings, db=fresh_database())
    opened.use_embedder(embedder)
    try:
        yield opened
    finally:
        await opened.close(stop_database=False)


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def board(
    fresh_database: Callable[[], Database],
    test_settings: BoardSettings,
    hashing_embedder: SharedEmbedder,
) -> AsyncIterator[Board]:
    """A migrated board on its own database (one per test module)."""
    async with _open_board(fresh_database, test_settings, hashing_embedder) as opened:
        yield opened


@pytest_asyncio.fixture(loop_scope="session")
async def fresh_board(
    fresh_database: Callable[[], Database],
    test_settings: BoardSettings,
    hashing_embedder: SharedEmbedder,
) -> AsyncIterator[Board]:
    """A migrated board on its own database (one per test: nothing left from another)."""
    async with _open_board(fresh_database, test_settings, hashing_embedder) as opened:
        yield opened


@pytest.fixture
def ingest_settings() -> IngestSettings:
    """Ingest settings at their defaults, whatever GA_INGEST_* the environment holds."""
    return default_ingest_settings()


def migrated(db: Database) -> Database:
    """Migrate ``db`` to head and return it."""
    migrate.upgrade(db.sqlalchemy_url)
    return db
