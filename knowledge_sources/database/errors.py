"""The database tool's errors: each says what happened and what to do, never a URL's secret."""

from __future__ import annotations

from blackboard.errors import BoardError


class DatabaseToolError(BoardError):
    """A query or an inspection the tool could not do (refused, stopped, unreachable)."""


class UnknownDatabaseError(DatabaseToolError):
    """A name the operator did not give in ``GA_DB_TOOL_DATABASES``."""


class QueryRefusedError(DatabaseToolError):
    """PostgreSQL refused the statement: a write in the read-only transaction, bad SQL, or
    more than one statement."""


class QueryTimeoutError(DatabaseToolError):
    """The statement ran past its time limit and PostgreSQL stopped it."""
