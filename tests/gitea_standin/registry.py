"""Which stand-in function answers which operationId."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from tests.gitea_standin.http import ApiError, Reply, Request
from tests.gitea_standin.state import Issue, Repo

Handler = Callable[[Request], Reply]
HANDLERS: dict[str, Handler] = {}


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    """Register a handler for one or more operations."""

    def register(func: Handler) -> Handler:
        for op in operation_ids:
            HANDLERS[op] = func
        return func

    return register


def issue_of(req: Request, repo: Repo) -> Issue:
    found = repo.issues.get(int(req.params["index"]))
    if found is None:
        raise ApiError(404, "issue does not exist")
    return found


def when(value: Any) -> datetime.datetime | None:
    """Parse a date-time query value (RFC 3339)."""
    if not value:
        return None
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
