"""Connections the tool opens: read-only and time-limited by PostgreSQL itself.

Every connection starts with ``default_transaction_read_only=on`` and ``statement_timeout``
set in its start-up options, so the server refuses any write and stops any statement at its
limit whatever SQL is sent; the query path also opens each transaction ``READ ONLY`` and never
commits. A read-only role in the URL is stronger still (it also keeps admin functions out of
reach) and is what docs/database-specialists.md recommends.
"""

from __future__ import annotations

import psycopg
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from blackboard.database import to_libpq_uri, to_sqlalchemy_url

CONNECT_TIMEOUT_S = 10


def server_options(timeout_s: float) -> str:
    """libpq ``options``: read-only transactions by default and the statement time limit."""
    return (
        f"-c default_transaction_read_only=on -c statement_timeout={timeout_ms(timeout_s)} "
        "-c idle_in_transaction_session_timeout=60000"
    )


def timeout_ms(timeout_s: float) -> int:
    """Seconds -> whole milliseconds (at least 1: 0 would mean no limit to PostgreSQL)."""
    return max(1, round(timeout_s * 1000))


def connect(url: str, timeout_s: float) -> psycopg.Connection[tuple[object, ...]]:
    """A psycopg connection (not autocommit) under ``server_options``."""
    return psycopg.connect(
        to_libpq_uri(url),
        connect_timeout=CONNECT_TIMEOUT_S,
        options=server_options(timeout_s),
        application_name="gitea-assistants db tool",
    )


def engine(url: str, timeout_s: float) -> Engine:
    """A SQLAlchemy engine (no pool: one connection per use) under ``server_options``."""
    return create_engine(
        to_sqlalchemy_url(to_libpq_uri(url)),
        poolclass=NullPool,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": server_options(timeout_s),
            "application_name": "gitea-assistants db tool",
        },
    )
