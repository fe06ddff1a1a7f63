"""Mapping board errors to HTTP answers with a clear message."""

from __future__ import annotations

from typing import Any

from advanced_alchemy.exceptions import IntegrityError as RepositoryIntegrityError
from advanced_alchemy.exceptions import NotFoundError as RepositoryNotFoundError
from litestar import Request, Response
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import IntegrityError

from blackboard.errors import BoardError, ConflictError, NotFoundError


def _answer(status: int, detail: str) -> Response[dict[str, object]]:
    return Response({"status_code": status, "detail": detail}, status_code=status)


def not_found(_: Request[Any, Any, Any], exc: NotFoundError) -> Response[dict[str, object]]:
    return _answer(404, str(exc))


def conflict(_: Request[Any, Any, Any], exc: ConflictError) -> Response[dict[str, object]]:
    return _answer(409, str(exc))


def integrity(_: Request[Any, Any, Any], exc: IntegrityError) -> Response[dict[str, object]]:
    return _answer(409, f"rejected by the database: {str(exc.orig).splitlines()[0]}")


def repository_integrity(
    _: Request[Any, Any, Any], exc: RepositoryIntegrityError
) -> Response[dict[str, object]]:
    return _answer(409, f"rejected by the database: {exc.detail or exc}")


def repository_not_found(
    _: Request[Any, Any, Any], exc: RepositoryNotFoundError
) -> Response[dict[str, object]]:
    return _answer(404, str(exc.detail or exc))


def board_error(_: Request[Any, Any, Any], exc: BoardError) -> Response[dict[str, object]]:
    return _answer(400, str(exc))


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    NotFoundError: not_found,
    ConflictError: conflict,
    IntegrityError: integrity,
    RepositoryIntegrityError: repository_integrity,
    RepositoryNotFoundError: repository_not_found,
    BoardError: board_error,
}
