"""The async Gitea API client: any operation of the spec by operationId, checked against the spec.

``await client.call("issueCreateIssue", owner="acme", repo="site", body={"title": "..."})``

* parameters are checked against the spec before anything is sent (names, required, types, the
  body against its definition) and raise ``GiteaParameterError`` when they do not fit;
* ``paginate`` walks ``page``/``limit`` (limit capped at Gitea's 50) following ``Link: rel="next"``
  and ``X-Total-Count``;
* transient failures are retried with exponential backoff (tenacity): connection errors and 5xx
  for idempotent methods, and for POST only what cannot have reached Gitea's handlers
  (connect errors, 502/503/504); 429 waits for ``Retry-After``;
* 401/403/404/409/422 raise their own error classes with Gitea's message; the token never
  appears in errors or logs;
* in read-only mode (``GA_GITEA_READ_ONLY``) every operation that is not a GET raises
  ``WriteRefusedError`` before anything is sent: no path can write to Gitea then;
* GET answers that carry an ``ETag`` are cached (LRU) and asked for again with
  ``If-None-Match``: a ``304`` costs no body and returns the cached data.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from blackboard.connectors.gitea.errors import (
    GiteaError,
    GiteaParameterError,
    GiteaRateLimitError,
    GiteaServerError,
    GiteaUnavailableError,
    WriteRefusedError,
    error_for,
)
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.connectors.gitea.spec import Operation, Parameter, Spec, load_spec
from blackboard.redact_urls import redact_urls

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 50
ETAG_CACHE_SIZE = 512
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
READS = frozenset({"GET", "HEAD", "OPTIONS"})
"""The methods that only read (all that read-only mode lets through)."""
_POST_SAFE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass
class GiteaResponse:
    """What an operation returned: status, headers and the decoded body."""

    operation_id: str
    status: int
    headers: httpx.Headers
    data: Any
    links: dict[str, str] = field(default_factory=dict)
    """``rel`` -> URL from the ``Link`` header (as ``httpx.Response.links`` reads it)."""

    @property
    def total_count(self) -> int | None:
        value = self.headers.get("x-total-count")
        return int(value) if value and value.isdigit() else None


class _Retryable(Exception):
    """Internal: wraps an error that the retry policy may try again."""

    def __init__(self, error: GiteaError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class GiteaClient:
    """One httpx connection pool to one Gitea, authenticated by token."""

    def __init__(
        self,
        settings: GiteaSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        spec: Spec | None = None,
    ) -> None:
        self.settings = settings
        self.spec = spec or load_spec()
        headers = {"Accept": "application/json", "User-Agent": "gitea-assistants"}
        if settings.token_value:
            headers["Authorization"] = f"token {settings.token_value}"
        self._http = httpx.AsyncClient(
            base_url=f"{settings.url}/api/v1",
            headers=headers,
            timeout=settings.timeout,
            transport=transport,
        )
        self.request_count = 0
        self.not_modified = 0
        self.last_date: str | None = None
        self._etags: OrderedDict[str, tuple[str, Any]] = OrderedDict()

    async def __aenter__(self) -> GiteaClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- calling operations -------------------------------------------------------------

    async def call(self, operation_id: str, /, **params: Any) -> GiteaResponse:
        """Call ``operation_id`` with ``params`` (path, query, header and ``body``)."""
        try:
            op = self.spec.operation(operation_id)
        except KeyError as exc:
            raise GiteaParameterError(str(exc.args[0]), operation=operation_id) from None
        if self.settings.read_only and op.method not in READS:
            raise WriteRefusedError(
                f"read-only mode (GA_GITEA_READ_ONLY) turns every write off: "
                f"{operation_id} ({op.method}) was not sent",
                operation=operation_id,
            )
        request = self._build(op, params)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._send(op, request)
        except _Retryable as final:
            raise final.error from final.error.__cause__
        raise AssertionError("unreachable")  # pragma: no cover

    async def data(self, operation_id: str, /, **params: Any) -> Any:
        """``call(...)`` and return only the decoded body."""
        return (await self.call(operation_id, **params)).data

    async def paginate(
        self, operation_id: str, /, *, limit: int = MAX_PAGE_SIZE, **params: Any
    ) -> AsyncIterator[Any]:
        """Every item of a list operation, page by page (``limit`` capped at 50)."""
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        page, seen = 1, 0
        while True:
            response = await self.call(operation_id, page=page, limit=limit, **params)
            items = response.data or []
            if not isinstance(items, list):
                raise GiteaError(f"{operation_id} did not return a list", operation=operation_id)
            for item in items:
                yield item
            seen += len(items)
            total = response.total_count
            links = response.links
            if not items or (total is not None and seen >= total):
                return
            if "next" not in links and (links or len(items) < limit):
                return
            page += 1

    async def collect(self, operation_id: str, /, **params: Any) -> list[Any]:
        """All pages of a list operation as one list."""
        return [item async for item in self.paginate(operation_id, **params)]

    # -- internals ------------------------------------------------------------------------

    def _build(self, op: Operation, params: Mapping[str, Any]) -> dict[str, Any]:
        by_name = {p.name: p for p in op.parameters}
        values: dict[str, Any] = {}
        for key, value in params.items():
            if value is None:
                continue
            name = key if key in by_name else key.replace("_", "-")
            if name not in by_name and key == "body" and op.body is not None:
                name = op.body.name
            if name not in by_name:
                raise GiteaParameterError(
                    f"{op.operation_id} takes no parameter {key!r}; it takes "
                    f"{', '.join(sorted(by_name)) or 'none'}",
                    operation=op.operation_id,
                )
            values[name] = value
        for p in op.parameters:
            if p.required and p.name not in values:
                raise GiteaParameterError(
                    f"{op.operation_id} needs {p.location} parameter {p.name!r}",
                    operation=op.operation_id,
                )
        path = op.path
        query: list[tuple[str, str]] = []
        headers: dict[str, str] = {}
        request: dict[str, Any] = {}
        for name, value in values.items():
            p = by_name[name]
            value = _plain(value)
            problems = self.spec.errors(p.schema, value)
            if problems:
                raise GiteaParameterError(
                    f"{op.operation_id}: {p.location} parameter {name!r} does not fit the spec: "
                    + "; ".join(problems[:5]),
                    operation=op.operation_id,
                )
            if p.location == "path":
                safe = "/" if name == "filepath" else ""
                path = path.replace("{" + name + "}", quote(str(value), safe=safe))
            elif p.location == "query":
                query.extend((name, _text(v)) for v in _expand(p, value))
            elif p.location == "header":
                headers[name] = _text(value)
            elif p.location == "body":
                if "application/json" in op.consumes or not op.consumes:
                    request["json"] = value
                else:
                    request["content"] = value if isinstance(value, bytes) else str(value).encode()
                    headers["Content-Type"] = op.consumes[0]
            elif p.location == "formData":
                request.setdefault("files", {})[name] = value
        request.update(method=op.method, url=path, params=query, headers=headers)
        return request

    async def _send(self, op: Operation, request: dict[str, Any]) -> GiteaResponse:
        method = request["method"]
        cache_key = f"{request['url']}?{request['params']}" if method == "GET" else ""
        cached = self._etags.get(cache_key) if cache_key else None
        if cached is not None:
            request = {**request, "headers": {**request["headers"], "If-None-Match": cached[0]}}
        self.request_count += 1
        try:
            response = await self._http.request(**request)
        except httpx.TransportError as exc:
            error = GiteaUnavailableError(
                f"cannot reach Gitea at {redact_urls(self.settings.url)} for {op.operation_id}: "
                f"{type(exc).__name__}",
                operation=op.operation_id,
            )
            error.__cause__ = exc
            early = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
            if method in _IDEMPOTENT or early:
                raise _Retryable(error) from exc
            raise error from exc
        self.last_date = response.headers.get("date") or self.last_date
        if response.status_code == 304 and cached is not None:
            self.not_modified += 1
            self._etags.move_to_end(cache_key)
            return GiteaResponse(
                op.operation_id, 200, response.headers, cached[1], _links(response)
            )
        if response.status_code >= 400:
            failure = error_for(
                response.status_code, self._message(op, request, response), op.operation_id
            )
            retry_after = _retry_after(response)
            if response.status_code == 429 or (
                isinstance(failure, GiteaServerError)
                and (method in _IDEMPOTENT or response.status_code in _POST_SAFE_STATUSES)
            ):
                logger.info("%s -> %s, will retry", op.operation_id, response.status_code)
                raise _Retryable(failure, retry_after)
            raise failure
        data = _decode(response)
        etag = response.headers.get("etag")
        if cache_key and etag and response.status_code == 200:
            self._etags[cache_key] = (etag, data)
            self._etags.move_to_end(cache_key)
            while len(self._etags) > ETAG_CACHE_SIZE:
                self._etags.popitem(last=False)
        return GiteaResponse(
            op.operation_id, response.status_code, response.headers, data, _links(response)
        )

    def _message(self, op: Operation, request: dict[str, Any], response: httpx.Response) -> str:
        detail = ""
        try:
            body = response.json()
            if isinstance(body, dict):
                detail = str(body.get("message") or body.get("error") or "")
        except ValueError:
            detail = response.text[:200]
        hint = {
            401: " (check GA_GITEA_TOKEN)",
            403: " (the token's user lacks permission)",
            404: " (no such object, or not visible to the token's user)",
        }.get(response.status_code, "")
        return (
            f"{op.operation_id} ({request['method']} {request['url']}) -> "
            f"{response.status_code}{hint}: {detail or response.reason_phrase}"
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        base: float = self.settings.retry_wait * (2 ** (state.attempt_number - 1))
        wait = min(base, self.settings.retry_max_wait) * (1 + random.random() * 0.1)
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            wait = max(wait, min(exc.retry_after, self.settings.retry_max_wait))
        if isinstance(exc, _Retryable) and isinstance(exc.error, GiteaRateLimitError):
            logger.info("rate limited by Gitea; waiting %.1fs", wait)
        return wait


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def _expand(p: Parameter, value: Any) -> list[Any]:
    if isinstance(value, list):
        return value if p.collection_format == "multi" else [",".join(_text(v) for v in value)]
    return [value]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _decode(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    kind = response.headers.get("content-type", "")
    if "json" in kind:
        return response.json()
    if kind.startswith("text/"):
        return response.text
    return response.content


def _links(response: httpx.Response) -> dict[str, str]:
    return {str(rel): link["url"] for rel, link in response.links.items() if rel and "url" in link}
