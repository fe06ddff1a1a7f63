"""Schema inspection by SQLAlchemy reflection over a read-only, time-limited connection.

Column types are written as PostgreSQL spells them (``format_type``), so a type SQLAlchemy does
not know (``vector(384)``, ``geometry``) reads right instead of as ``NULL``.
"""

from __future__ import annotations

import warnings
from typing import Any

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Inspector
from sqlalchemy.exc import DBAPIError, SAWarning

from blackboard.redact_urls import redact_urls
from knowledge_sources.database.connect import engine
from knowledge_sources.database.errors import DatabaseToolError
from knowledge_sources.database.schema import Column, ForeignKey, Index, Schema, Table

SYSTEM_SCHEMAS = frozenset({"information_schema", "pg_catalog", "pg_toast"})


def reflect(name: str, url: str, timeout_s: float) -> Schema:
    """Every table of the database's user schemas: columns, primary key, foreign keys, indexes."""
    try:
        return _reflect(name, url, timeout_s)
    except DBAPIError as exc:
        primary = getattr(getattr(exc.orig, "diag", None), "message_primary", None)
        why = redact_urls(str(primary or exc.orig or exc).strip().splitlines()[0])
        raise DatabaseToolError(f"cannot inspect database {name!r}: {why}") from None


def _reflect(name: str, url: str, timeout_s: float) -> Schema:
    made = engine(url, timeout_s)
    try:
        with made.connect() as conn, warnings.catch_warnings():
            # an extension's type SQLAlchemy does not know: format_type names it below
            warnings.filterwarnings("ignore", "Did not recognize type", SAWarning)
            inspector = inspect(conn)
            tables = [
                _table(inspector, _types(conn, schema, table), schema, table)
                for schema in sorted(inspector.get_schema_names())
                if schema not in SYSTEM_SCHEMAS and not schema.startswith("pg_")
                for table in sorted(inspector.get_table_names(schema=schema))
            ]
            conn.rollback()
    finally:
        made.dispose()
    return Schema(name, tuple(tables))


def _types(conn: Connection, schema: str, table: str) -> dict[str, str]:
    """Column name -> the type as PostgreSQL writes it."""
    rows = conn.execute(
        text(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relname = :table AND a.attnum > 0 "
            "AND NOT a.attisdropped"
        ),
        {"schema": schema, "table": table},
    )
    return {str(name): str(kind) for name, kind in rows}


def _table(inspector: Inspector, types: dict[str, str], schema: str, name: str) -> Table:
    columns = tuple(_column(c, types) for c in inspector.get_columns(name, schema=schema))
    primary = inspector.get_pk_constraint(name, schema=schema)
    keys = tuple(
        ForeignKey(
            fk.get("name"),
            tuple(fk["constrained_columns"]),
            f"{fk.get('referred_schema') or inspector.default_schema_name}.{fk['referred_table']}",
            tuple(fk["referred_columns"]),
        )
        for fk in inspector.get_foreign_keys(name, schema=schema)
    )
    indexes = tuple(
        Index(
            str(ix["name"]),
            tuple(_index_columns(ix)),
            bool(ix.get("unique")),
        )
        for ix in sorted(inspector.get_indexes(name, schema=schema), key=lambda i: str(i["name"]))
    )
    comment = inspector.get_table_comment(name, schema=schema).get("text")
    return Table(
        schema,
        name,
        columns,
        tuple(primary.get("constrained_columns") or ()),
        keys,
        indexes,
        comment,
    )


def _column(column: Any, types: dict[str, str]) -> Column:
    default = column.get("default")
    name = str(column["name"])
    return Column(
        name,
        types.get(name) or str(column["type"]),
        bool(column.get("nullable", True)),
        None if default is None else str(default),
    )


def _index_columns(index: Any) -> list[str]:
    """Column names, or PostgreSQL's text of an expression where a column name is missing."""
    names = list(index.get("column_names") or [])
    expressions = list(index.get("expressions") or [])
    return [
        str(name) if name is not None else str(expressions[i] if i < len(expressions) else "?")
        for i, name in enumerate(names)
    ]
