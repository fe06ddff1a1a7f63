"""A throwaway, migrated database on the configured server (embedded or DATABASE_URL)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg

from blackboard import migrate
from blackboard.database import Database, ensure_vector_extension, open_database
from blackboard.settings import Settings, get_settings


@contextmanager
def scratch_database(settings: Settings | None = None, migrated: bool = True) -> Iterator[Database]:
    """Create ``ga_bench_<random>`` next to the board's database, yield it, drop it."""
    server = open_database(settings or get_settings())
    name = f"ga_bench_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(server.uri, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        db = Database(uri=_with_database(server.uri, name))
        ensure_vector_extension(db.uri)
        if migrated:
            migrate.upgrade(db.sqlalchemy_url)
        try:
            yield db
        finally:
            with psycopg.connect(server.uri, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.stop()


def _with_database(uri: str, name: str) -> str:
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
