"""Read-only SQL with a row limit and a time limit, both enforced by PostgreSQL and the driver.

One statement per call: psycopg's ``stream`` sends it with the extended query protocol, which
PostgreSQL refuses for more than one command, so ``SELECT 1; COMMIT; ...`` cannot end the
read-only transaction and start another. The transaction is ``READ ONLY`` (on top of the
connection's read-only default) and is rolled back, never committed; ``statement_timeout``
stops a slow statement; rows are streamed one at a time and the stream is cancelled once
``row_limit`` rows are in, so a huge result never reaches memory.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Generator
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, cast

import psycopg
from psycopg import errors

from blackboard.redact_urls import redact_urls
from knowledge_sources.database.connect import connect
from knowledge_sources.database.errors import (
    DatabaseToolError,
    QueryRefusedError,
    QueryTimeoutError,
)

logger = logging.getLogger(__name__)

MAX_CELL_CHARS = 2000
"""A longer value (text, JSON, a vector) is cut here, marked with an ellipsis."""
MAX_SQL_CHARS = 100_000

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: its columns, at most ``row_limit`` rows, and whether it had more."""

    database: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    truncated: bool
    row_limit: int
    elapsed_s: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def run_query(name: str, url: str, sql: str, row_limit: int, timeout_s: float) -> QueryResult:
    """Run one statement of ``sql`` read-only on database ``name`` (at ``url``)."""
    if not sql.strip():
        raise QueryRefusedError("no SQL given")
    if len(sql) > MAX_SQL_CHARS or "\x00" in sql:
        raise QueryRefusedError(f"the SQL is over {MAX_SQL_CHARS} characters or holds NUL bytes")
    started = time.monotonic()
    try:
        conn = connect(url, timeout_s)
    except psycopg.Error as exc:
        raise DatabaseToolError(f"cannot reach database {name!r}: {_message(exc)}") from None
    if conn.info.parameter_status("is_superuser") == "on":
        _warn_superuser(name)
    try:
        conn.execute("SET TRANSACTION READ ONLY")
        columns, rows, truncated = _stream(conn, sql, row_limit)
    except errors.QueryCanceled:
        raise QueryTimeoutError(
            f"stopped at its limit of {timeout_s:g} s (PostgreSQL's statement_timeout; "
            "GA_DB_TOOL_TIMEOUT_S sets it)"
        ) from None
    except errors.ReadOnlySqlTransaction as exc:
        raise QueryRefusedError(
            f"refused: the database tool only reads ({_message(exc)})"
        ) from None
    except psycopg.Error as exc:
        raise QueryRefusedError(f"PostgreSQL refused the statement: {_message(exc)}") from None
    finally:
        _close(conn)
    elapsed = round(time.monotonic() - started, 3)
    return QueryResult(name, columns, rows, truncated, row_limit, elapsed)


def _stream(
    conn: psycopg.Connection[tuple[Any, ...]], sql: str, row_limit: int
) -> tuple[tuple[str, ...], tuple[tuple[Cell, ...], ...], bool]:
    cursor = conn.cursor()
    rows: list[tuple[Cell, ...]] = []
    columns: tuple[str, ...] = ()
    truncated = False
    # stream() is a generator: closing it early cancels the statement
    stream = cast(Generator[tuple[Any, ...], None, None], cursor.stream(sql))
    try:
        for row in stream:
            if not columns:
                columns = _columns(cursor)
            if len(rows) == row_limit:
                truncated = True
                break
            rows.append(tuple(cell(value) for value in row))
    finally:
        stream.close()  # cancels the statement if rows are left
    return columns or _columns(cursor), tuple(rows), truncated


def _columns(cursor: psycopg.Cursor[tuple[Any, ...]]) -> tuple[str, ...]:
    return tuple(d.name for d in cursor.description or ())


def cell(value: object) -> Cell:
    """A value as JSON and a table can show it: numbers and booleans as they are, the rest as
    text cut at ``MAX_CELL_CHARS``."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        shown = "\\x" + bytes(value).hex()
    else:
        shown = str(value)
    return shown if len(shown) <= MAX_CELL_CHARS else shown[: MAX_CELL_CHARS - 1] + "…"


@cache
def _warn_superuser(name: str) -> None:
    """Once per database: its URL logs in as a superuser, whom a read-only transaction does not
    keep from admin functions."""
    logger.warning(
        "the database tool reads %r as a superuser: writes are refused, but admin functions "
        "are not; give it a read-only role (docs/database-specialists.md)",
        name,
    )


def _message(exc: psycopg.Error) -> str:
    primary = exc.diag.message_primary if exc.diag is not None else None
    return redact_urls(primary or str(exc).strip() or type(exc).__name__)


def _close(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
    """Roll back (nothing is ever committed) and close, whatever state the statement left."""
    with contextlib.suppress(psycopg.Error):
        conn.rollback()
    conn.close()
