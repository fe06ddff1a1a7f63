"""Mapping errors to HTTP answers with a clear message.

Board errors keep their meaning (404, 409, 400). What the database refuses is sorted by its
SQLSTATE: a broken uniqueness rule is a conflict (409); bad data, a missing referenced row, a
failed check or a value out of range is bad input (400). A body nested too deep to parse is a
400. Anything else is a 500, logged with its traceback by ``server_error`` (the app's handler
for every exception nothing else handles); answers to bad input are not logged as errors.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from advanced_alchemy.exceptions import NotFoundError as RepositoryNotFoundError
from advanced_alchemy.exceptions import RepositoryError
from litestar import Request, Response
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import DataError, IntegrityError

from blackboard.errors import BoardError, ConflictError, NotFoundError

logger = logging.getLogger(__name__)

CONFLICT_STATES = ("23505", "23P01", "40001")
"""Unique and exclusion violations, serialization failures: a real conflict, not bad input."""

BAD_INPUT_CLASSES = ("22", "23")
"""SQLSTATE classes of bad input: data exceptions and integrity violations."""


def _answer(status: int, detail: str) -> Response[dict[str, object]]:
    return Response({"status_code": status, "detail": detail}, status_code=status)


def not_found(_: Request[Any, Any, Any], exc: NotFoundError) -> Response[dict[str, object]]:
    return _answer(404, str(exc))


def conflict(_: Request[Any, Any, Any], exc: ConflictError) -> Response[dict[str, object]]:
    return _answer(409, str(exc))


def _database_cause(exc: BaseException) -> psycopg.Error | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, psycopg.Error):
            return seen
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


def database_refusal(exc: BaseException) -> tuple[int, str] | None:
    """(status, message) for an error the database raised on bad input, or None."""
    cause = _database_cause(exc)
    if cause is None:
        return None
    message = f"rejected by the database: {str(cause).splitlines()[0]}"
    state = cause.sqlstate or ""
    if state in CONFLICT_STATES:
        return 409, message
    if state[:2] in BAD_INPUT_CLASSES or isinstance(cause, psycopg.DataError):
        return 400, message
    return None


def database_error(
    request: Request[Any, Any, Any], exc: IntegrityError | DataError | RepositoryError
) -> Response[dict[str, object]]:
    refusal = database_refusal(exc)
    return _answer(*refusal) if refusal is not None else server_error(request, exc)


def repository_not_found(
    _: Request[Any, Any, Any], exc: RepositoryNotFoundError
) -> Response[dict[str, object]]:
    return _answer(404, str(exc.detail or exc))


def board_error(_: Request[Any, Any, Any], exc: BoardError) -> Response[dict[str, object]]:
    return _answer(400, str(exc))


def too_deep(_: Request[Any, Any, Any], exc: RecursionError) -> Response[dict[str, object]]:
    return _answer(400, "the request is nested too deeply to read (JSON depth limit)")


def no_such_file(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, object]]:
    """A static file the file system cannot open (a NUL byte or an over-long name): 404."""
    cause = exc.__cause__ or exc
    logger.warning("no static file for %s: %s", request.url.path[:200], type(cause).__name__)
    return _answer(404, "no such file")


def server_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, object]]:
    """Any exception no other handler takes: logged with its traceback, answered 500."""
    logger.error(
        "%s %s failed with an unexpected error", request.method, request.url.path, exc_info=exc
    )
    return _answer(500, "Internal Server Error")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    HTTP_500_INTERNAL_SERVER_ERROR: server_error,
    NotFoundError: not_found,
    ConflictError: conflict,
    IntegrityError: database_error,
    DataError: database_error,
    RepositoryError: database_error,
    RepositoryNotFoundError: repository_not_found,
    BoardError: board_error,
    RecursionError: too_deep,
}
