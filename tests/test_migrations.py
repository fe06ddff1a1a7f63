"""Migrations: up creates the board, down removes it, up restores it; SAQ tables untouched."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from blackboard import migrate
from blackboard.database import Database

BOARD_TABLES = {
    "board_state",
    "entries",
    "chunks",
    "links",
    "tasks",
    "actions",
    "audit_log",
    "board_events",
    "web_sessions",
}


def _tables(db: Database) -> set[str]:
    with psycopg.connect(db.uri) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {r[0] for r in rows}


def test_upgrade_downgrade_upgrade(fresh_database: Callable[[], Database]) -> None:
    db = fresh_database()
    assert migrate.current(db.sqlalchemy_url) is None

    migrate.upgrade(db.sqlalchemy_url)
    assert migrate.current(db.sqlalchemy_url) == "0007"
    assert _tables(db) >= BOARD_TABLES
    assert "agents" not in _tables(db)

    migrate.downgrade(db.sqlalchemy_url, "base")
    assert migrate.current(db.sqlalchemy_url) is None
    assert not (BOARD_TABLES & _tables(db))

    migrate.upgrade(db.sqlalchemy_url)
    assert _tables(db) >= BOARD_TABLES


def test_dropping_agents_downgrades_to_the_table_0001_made(
    fresh_database: Callable[[], Database],
) -> None:
    db = fresh_database()
    migrate.upgrade(db.sqlalchemy_url)
    migrate.downgrade(db.sqlalchemy_url, "0002")
    assert migrate.current(db.sqlalchemy_url) == "0002"
    with psycopg.connect(db.uri) as conn:
        columns = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'agents'"
        ).fetchall()
    assert {c[0] for c in columns} == {
        "id",
        "name",
        "role",
        "summary",
        "model",
        "enabled",
        "metadata",
        "created_at",
        "updated_at",
    }
    migrate.upgrade(db.sqlalchemy_url)
    assert "agents" not in _tables(db)


def test_saq_tables_are_not_touched(fresh_database: Callable[[], Database]) -> None:
    db = fresh_database()
    with psycopg.connect(db.uri, autocommit=True) as conn:
        conn.execute("CREATE TABLE saq_jobs (key text primary key)")
        conn.execute("INSERT INTO saq_jobs VALUES ('kept')")
    migrate.upgrade(db.sqlalchemy_url)
    migrate.downgrade(db.sqlalchemy_url, "base")
    with psycopg.connect(db.uri) as conn:
        assert conn.execute("SELECT key FROM saq_jobs").fetchall() == [("kept",)]


def test_hnsw_and_gin_indexes_exist(fresh_database: Callable[[], Database]) -> None:
    db = fresh_database()
    migrate.upgrade(db.sqlalchemy_url)
    with psycopg.connect(db.uri) as conn:
        rows: dict[str, str] = dict(
            conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'chunks'"
            ).fetchall()
        )
    # 0006: the graph is over the vector cast to halfvec (the column stays vector(384))
    assert (
        "USING hnsw (((embedding)::halfvec(384)) halfvec_cosine_ops)"
        in rows["ix_chunks_embedding_hnsw"]
    )
    assert "USING gin (tsv)" in rows["ix_chunks_tsv"]


def test_tasks_are_indexed_by_creator(fresh_database: Callable[[], Database]) -> None:
    """0005: a soul's daily budget and ``tasks list --created-by`` read tasks by creator."""
    db = fresh_database()
    migrate.upgrade(db.sqlalchemy_url)

    def indexes() -> set[str]:
        with psycopg.connect(db.uri) as conn:
            rows = conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'tasks'")
            return {r[0] for r in rows.fetchall()}

    assert "ix_tasks_created_by_created_at" in indexes()
    migrate.downgrade(db.sqlalchemy_url, "0004")
    assert "ix_tasks_created_by_created_at" not in indexes()


def test_halfvec_index_downgrades_to_the_vector_index(
    fresh_database: Callable[[], Database],
) -> None:
    """0006 rebuilds the HNSW index over ``embedding::halfvec(384)``; its downgrade puts the
    vector index back, and the chunks' vectors are untouched either way."""
    db = fresh_database()
    migrate.upgrade(db.sqlalchemy_url)
    migrate.downgrade(db.sqlalchemy_url, "0005")
    with psycopg.connect(db.uri) as conn:
        (definition,) = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_chunks_embedding_hnsw'"
        ).fetchone() or ("",)
    assert "USING hnsw (embedding vector_cosine_ops)" in definition
    migrate.upgrade(db.sqlalchemy_url)
    assert migrate.current(db.sqlalchemy_url) == "0007"


def test_the_graph_is_built_with_ef_construction_128_and_downgrades_to_64(
    fresh_database: Callable[[], Database],
) -> None:
    """0007 rebuilds the halfvec HNSW index with ef_construction 128; its downgrade with 64."""
    db = fresh_database()

    def definition() -> str:
        with psycopg.connect(db.uri) as conn:
            row = conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_chunks_embedding_hnsw'"
            ).fetchone()
        return str(row[0]) if row else ""

    migrate.upgrade(db.sqlalchemy_url)
    assert "halfvec_cosine_ops) WITH (m='16', ef_construction='128')" in definition()
    migrate.downgrade(db.sqlalchemy_url, "0006")
    assert "halfvec_cosine_ops) WITH (m='16', ef_construction='64')" in definition()
