"""The token guard and bad input: 401 without/with a wrong token, 4xx and nothing stored."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.settings import AppSettings
from tests.api_client import TOKEN, api


async def _entry_count(board: Board) -> int:
    async with board.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Entry)) or 0)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {TOKEN}"}]
)
async def test_missing_or_wrong_token_is_401(board: Board, headers: dict[str, str]) -> None:
    before = await _entry_count(board)
    async with AsyncTestClient(
        app=create_app(AppSettings(board=board.settings), board=board, token=TOKEN)
    ) as client:
        for method, path in (
            ("GET", "/entries"),
            ("POST", "/entries"),
            ("GET", "/schema"),
            ("POST", "/search"),
            ("POST", "/search/entries"),
            ("GET", "/tasks"),
        ):
            response = await client.request(
                method, path, headers=headers, json={"kind": "goal", "title": "x"}
            )
            assert response.status_code == 401, (method, path, response.text)
        health = await client.get("/health")
        assert health.status_code == 200 and health.json()["status"] == "ok"
    assert await _entry_count(board) == before


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "not-a-kind", "title": "x"},
        {"kind": "goal"},
        {"kind": "goal", "title": ""},
        {"kind": "goal", "title": "x", "unknown_field": 1},
        {"kind": "goal", "title": "x", "priority": "high"},
        {"kind": "goal", "title": "x" * 501},
        {"kind": "goal", "title": "x", "parent_id": 987654},
    ],
)
async def test_malformed_entry_is_rejected_and_nothing_stored(
    board: Board, payload: object
) -> None:
    before = await _entry_count(board)
    async with api(board) as client:
        response = await client.post("/entries", json=payload)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]
    assert await _entry_count(board) == before


async def test_non_json_body_is_400(board: Board) -> None:
    before = await _entry_count(board)
    async with api(board) as client:
        response = await client.post(
            "/entries", content=b"\x00\xffnot json", headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert await _entry_count(board) == before


async def test_openapi_schema_served(board: Board) -> None:
    async with api(board) as client:
        schema = (await client.get("/schema/openapi.json")).json()
    assert "/entries" in schema["paths"] and "/search" in schema["paths"]
