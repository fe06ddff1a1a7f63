"""``DatabaseTool``: the named databases, inspected and queried without blocking the event loop.

Agents get it in their ``Context`` (``context.databases``, when the operator named any); the
CLI's ``db inspect`` / ``db query`` use the same object. Each call opens its own connection,
read-only and time-limited (``connect.py``), and closes it.
"""

from __future__ import annotations

import asyncio

from pydantic import SecretStr

from knowledge_sources.database.errors import UnknownDatabaseError
from knowledge_sources.database.query import QueryResult, run_query
from knowledge_sources.database.reflect import reflect
from knowledge_sources.database.schema import Schema
from knowledge_sources.database.settings import DatabaseToolSettings


class DatabaseTool:
    """The databases of ``settings``: ``inspect(name)`` and ``query(name, sql)``."""

    def __init__(self, settings: DatabaseToolSettings) -> None:
        self.settings = settings

    def names(self) -> list[str]:
        """The databases' names, sorted."""
        return self.settings.names()

    def for_repo(self, repo: str) -> list[str]:
        """The databases whose migrations live in ``repo`` (``GA_DB_TOOL_REPOS``)."""
        return self.settings.for_repo(repo)

    def repos_of(self, database: str) -> list[str]:
        """The repositories whose migrations build ``database`` (``GA_DB_TOOL_REPOS``)."""
        return self.settings.repos_of(database)

    def _url(self, name: str) -> SecretStr:
        url = self.settings.databases.get(name)
        if url is None:
            known = ", ".join(self.names()) or "none (set GA_DB_TOOL_DATABASES)"
            raise UnknownDatabaseError(f"no database named {name!r}; known: {known}")
        return url

    async def inspect(self, name: str) -> Schema:
        """The schema of database ``name`` by reflection."""
        url = self._url(name).get_secret_value()
        return await asyncio.to_thread(reflect, name, url, self.settings.timeout_s)

    async def query(self, name: str, sql: str, row_limit: int | None = None) -> QueryResult:
        """``sql`` (one statement) read-only on ``name``; at most ``row_limit`` rows (never
        more than the operator's ``GA_DB_TOOL_ROW_LIMIT``)."""
        url = self._url(name).get_secret_value()
        limit = min(row_limit or self.settings.row_limit, self.settings.row_limit)
        return await asyncio.to_thread(run_query, name, url, sql, limit, self.settings.timeout_s)
