"""Bad input through the API (issue 16, holes 3 and 5): a 4xx that says what is wrong, never a 500.

NUL bytes in any text (title, tags, meta, search query, tags and source prefix, action payload),
ids past PostgreSQL's ``bigint`` in bodies, paths and queries, a vector of the wrong width or
with numbers pgvector cannot hold, 100,000 filter values (past PostgreSQL's 65,535 parameters),
JSON nested 100,000 deep or deeper than the limit: each is a 400 naming the field, and nothing
is stored. A row the database refuses (a parent that does not exist) is a 400, not a 409. An
unexpected error is answered 500 and logged with its traceback; answers to bad input are not.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from litestar import get
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from blackboard.models import Action, Entry, Link, Task
from blackboard.runtime import Board
from blackboard.schemas.limits import MAX_JSON_DEPTH, refused_text
from controllers.api.app import create_app
from controllers.api.errors import database_refusal
from controllers.settings import AppSettings
from tests.api_client import AUTH, TOKEN, api

BIG = 2**64


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


BAD_BODIES: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/entries", {"kind": "goal", "title": "a\x00b"}, "title contains a NUL byte"),
    ("POST", "/entries", {"kind": "goal", "title": "t", "body": "x\x00"}, "body contains a NUL"),
    ("POST", "/entries", {"kind": "goal", "title": "t", "tags": ["ok", "x\x00"]}, "tags[1]"),
    ("POST", "/entries", {"kind": "goal", "title": "t", "meta": {"k": "v\x00"}}, "meta.k"),
    ("POST", "/entries", {"kind": "goal", "title": "t", "meta": {"k\x00": 1}}, "a key in meta"),
    ("POST", "/entries", {"kind": "goal", "title": "t", "parent_id": BIG}, "parent_id"),
    (
        "POST",
        "/entries",
        {"kind": "goal", "title": "t", "meta": _nested(MAX_JSON_DEPTH + 1)},
        f"nested deeper than {MAX_JSON_DEPTH}",
    ),
    ("POST", "/entries", {"kind": "goal", "title": "t", "meta": {"x": "y" * 2_200_000}}, "bytes"),
    ("POST", "/search", {"query": "a\x00"}, "query contains a NUL"),
    ("POST", "/search", {"query": "a", "tags": ["a\x00"]}, "tags[0]"),
    ("POST", "/search", {"query": "a", "source_prefix": "file://\x00"}, "source_prefix"),
    ("POST", "/search", {"vector": [0.1, 0.2], "mode": "vector"}, "the vector has 2 numbers"),
    ("POST", "/search", {"vector": [1e300] * 384, "mode": "vector"}, "component 0"),
    ("POST", "/search", {"query": "a", "kinds": ["goal"] * 100_000}, "at most 100 items"),
    ("POST", "/tasks", {"agent": "researcher", "entry_id": BIG}, "entry_id"),
    ("POST", "/tasks", {"agent": "researcher", "depth": 2**40}, "depth"),
    ("POST", "/links", {"source_id": 1, "target_id": BIG, "kind": "cites"}, "target_id"),
    (
        "POST",
        "/actions",
        {"idempotency_key": "k", "kind": "gitea.comment.create", "payload": {"b": "\x00"}},
        "payload.b contains a NUL",
    ),
]


async def _counts(board: Board) -> tuple[int, ...]:
    async with board.sessions() as session:
        counts = [
            int(await session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Entry, Task, Link, Action)
        ]
    return tuple(counts)


@pytest.mark.parametrize(("method", "path", "body", "says"), BAD_BODIES)
async def test_bad_input_is_a_400_naming_the_field(
    board: Board, method: str, path: str, body: dict[str, Any], says: str
) -> None:
    before = await _counts(board)
    async with api(board) as client:
        response = await client.request(method, path, json=body)
    assert response.status_code == 400, response.text
    assert says in response.text
    assert await _counts(board) == before


@pytest.mark.parametrize(
    "path",
    [f"/entries/{BIG}", f"/entries/{2**63}/links", f"/tasks/{BIG}", f"/tasks?entry={BIG}"],
)
async def test_ids_beyond_bigint_in_the_url_are_a_400(board: Board, path: str) -> None:
    async with api(board) as client:
        response = await client.get(path)
    assert response.status_code == 400, response.text
    assert "9223372036854775807" in response.text


async def test_json_nested_100000_deep_is_a_400(board: Board) -> None:
    before = await _counts(board)
    deep = b'{"kind":"goal","title":"t","meta":' + b'{"a":' * 100_000 + b"1" + b"}" * 100_001
    async with api(board) as client:
        for body in (deep, b"[" * 100_000 + b"]" * 100_000):
            response = await client.post(
                "/entries", content=body, headers={"Content-Type": "application/json"}
            )
            assert response.status_code == 400, response.text
            assert "nested too deeply" in response.json()["detail"]
    assert await _counts(board) == before


async def test_a_lone_surrogate_is_a_400(board: Board) -> None:
    assert "surrogate" in str(refused_text("x\ud800y"))  # other ways in: Telegram, the mirror
    before = await _counts(board)
    async with api(board) as client:
        response = await client.post(
            "/entries",
            content=b'{"kind": "goal", "title": "x\\ud800y"}',
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 400, response.text  # the JSON decoder refuses it already
    assert await _counts(board) == before


async def test_database_refusals_are_bad_input_and_only_uniqueness_a_conflict(
    board: Board,
) -> None:
    """What PostgreSQL itself refuses: a missing referenced row or an out-of-range number is
    a 400; only a broken uniqueness rule is a 409."""
    statements = {
        "INSERT INTO links (source_id, target_id, kind, author, created_at) "
        "VALUES (987654, 987655, 'cites', 'x', now())": 400,
        "SELECT 2147483647::integer + 1": 400,
        "SELECT 'x\\u0000'::jsonb": 400,
    }
    async with board.sessions() as session:
        await session.execute(text("CREATE TEMP TABLE once (k int PRIMARY KEY)"))
        await session.execute(text("INSERT INTO once VALUES (1)"))
        statements["INSERT INTO once VALUES (1)"] = 409
        for sql, status in statements.items():
            with pytest.raises(DBAPIError) as raised:
                async with session.begin_nested():
                    await session.execute(text(sql))
            refusal = database_refusal(raised.value)
            assert refusal is not None and refusal[0] == status, (sql, refusal)
            assert refusal[1].startswith("rejected by the database: ")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@get("/boom", sync_to_thread=False)
def _boom() -> None:
    raise RuntimeError("an unexpected failure")


async def test_a_500_is_logged_with_its_traceback_and_bad_input_is_not(board: Board) -> None:
    app = create_app(AppSettings(board=board.settings), board=board, token=TOKEN)
    app.register(_boom)
    caught = _Records()
    async with AsyncTestClient(app=app) as client:
        client.headers.update(AUTH)
        logger = logging.getLogger("controllers.api.errors")
        logger.addHandler(caught)
        try:
            failed = await client.get("/boom")
            bad = await client.post("/entries", json={"kind": "goal", "title": "\x00"})
        finally:
            logger.removeHandler(caught)
    assert failed.status_code == 500
    assert json.loads(failed.text)["detail"] == "Internal Server Error"
    assert bad.status_code == 400
    errors = [r for r in caught.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in caught.records]
    assert "GET /boom" in errors[0].getMessage()
    text = logging.Formatter().format(errors[0])
    assert "Traceback" in text and "RuntimeError: an unexpected failure" in text
