"""Request and reply objects of the stand-in API, and Gitea-style pagination."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.gitea_standin.state import Repo, State, User

Emit = Callable[[Repo, str, dict[str, Any]], None]

MAX_LIMIT = 50
DEFAULT_LIMIT = 30


class ApiError(Exception):
    """Answer with Gitea's error body ``{"message", "url"}``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Request:
    """A validated API request: typed path/query parameters, the JSON body, the caller."""

    method: str
    path: str
    operation: str
    params: dict[str, Any]
    body: Any
    user: User
    state: State
    base: str
    headers: dict[str, str]
    emit: Emit

    def repo(self) -> Repo:
        """The repository named by the path, or 404."""
        found = self.state.repo(str(self.params["owner"]), str(self.params["repo"]))
        if found is None:
            raise ApiError(404, "repository does not exist")
        return found


@dataclass
class Reply:
    """What a handler answers: status, JSON-able body (or raw bytes/text), extra headers."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    content_type: str = "application/json;charset=utf-8"

    def encoded(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return b"" if self.body is None else json.dumps(self.body).encode()


def page(req: Request, items: list[Any]) -> Reply:
    """One page of ``items`` with ``X-Total-Count`` and ``Link`` like Gitea sends them."""
    number = max(1, int(req.params.get("page") or 1))
    limit = int(req.params.get("limit") or DEFAULT_LIMIT)
    limit = DEFAULT_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)
    total = len(items)
    chunk = items[(number - 1) * limit : number * limit]
    last = max(1, -(-total // limit))
    query = {
        k: v
        for k, v in req.params.items()
        if k not in ("page", "limit", "owner", "repo", "index", "org", "username")
    }
    links = []

    def link(n: int, rel: str) -> str:
        qs = urlencode(
            {
                **{k: v for k, v in query.items() if isinstance(v, str | int)},
                "page": n,
                "limit": limit,
            }
        )
        return f'<{req.base}/api/v1{req.path}?{qs}>; rel="{rel}"'

    if number < last:
        links += [link(number + 1, "next"), link(last, "last")]
    if number > 1:
        links += [link(1, "first"), link(number - 1, "prev")]
    headers = {"X-Total-Count": str(total)}
    if links:
        headers["Link"] = ",".join(links)
    return Reply(200, chunk, headers)
