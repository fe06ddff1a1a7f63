"""A scratch database for the database tool's tests: a small shop (customers, orders with a
foreign key, an index, a pgvector column) on the session's embedded PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from pydantic import SecretStr

from blackboard.database import Database
from knowledge_sources.database import DatabaseToolSettings

SHOP_DDL = """
CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text
);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    total numeric(10, 2) NOT NULL DEFAULT 0,
    embedding vector(3)
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
INSERT INTO customers (email, name)
    SELECT 'c' || n || '@example.org', 'Customer ' || n FROM generate_series(1, 10) AS n;
INSERT INTO orders (customer_id, total) SELECT n, n * 1.5 FROM generate_series(1, 10) AS n;
"""


def shop_database(fresh_database: Callable[[], Database], ddl: str = SHOP_DDL) -> str:
    """A new database holding the shop; returns its URL."""
    db = fresh_database()
    with psycopg.connect(db.uri, autocommit=True) as conn:
        conn.execute(ddl.encode())
    return db.uri


def tool_settings(url: str, **limits: float) -> DatabaseToolSettings:
    """The tool naming ``url`` as ``shop`` (the repository ``acme/shop`` builds it)."""
    return DatabaseToolSettings(
        databases={"shop": SecretStr(url)},
        repos={"acme/shop": ["shop"]},
        **limits,  # type: ignore[arg-type]
    )


def count(url: str, table: str) -> int:
    """Rows in ``table``, read outside the tool."""
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    assert row is not None
    return int(row[0])
