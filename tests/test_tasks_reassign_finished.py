"""A finished task is not given to another agent (issue 16, hole 14): ``PATCH /tasks/{id}`` and
``gitea-assistants tasks assign`` refuse with a conflict, and the task keeps its agent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest_asyncio
import uvicorn

from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.settings import AppSettings
from tests.api_client import TOKEN, api
from tests.cli_runner import cli_env, free_port, run_cli
from tests.team_helpers import wait_for


@pytest_asyncio.fixture(loop_scope="session")
async def served(board: Board) -> AsyncIterator[str]:
    """The API on a loopback port (for the CLI in a subprocess)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(AppSettings(board=board.settings), board=board, token=TOKEN),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    serving = asyncio.create_task(server.serve())

    async def started() -> bool:
        return bool(server.started)

    await wait_for(started, limit_s=30, what="the API to listen")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def _cancelled_task(board: Board) -> dict[str, object]:
    async with api(board) as client:
        entry = (await client.post("/entries", json={"kind": "question", "title": "Q?"})).json()
        task = (
            await client.post("/tasks", json={"agent": "researcher", "entry_id": entry["id"]})
        ).json()
        cancelled: dict[str, object] = (
            await client.patch(
                f"/tasks/{task['id']}", json={"version": task["version"], "status": "cancelled"}
            )
        ).json()
    assert cancelled["status"] == "cancelled"
    return cancelled


async def test_the_api_refuses_to_reassign_a_cancelled_task(board: Board) -> None:
    task = await _cancelled_task(board)
    async with api(board) as client:
        answer = await client.patch(
            f"/tasks/{task['id']}", json={"version": task["version"], "agent": "planner"}
        )
        assert answer.status_code == 409, answer.text
        assert "cancelled" in answer.text
        after = (await client.get(f"/tasks/{task['id']}")).json()
        assert (after["agent"], after["status"]) == ("researcher", "cancelled")
        reopened = await client.patch(
            f"/tasks/{task['id']}",
            json={"version": task["version"], "agent": "planner", "status": "pending"},
        )
        assert reopened.status_code == 200, reopened.text
        assert reopened.json()["agent"] == "planner"


async def test_tasks_assign_refuses_a_cancelled_task(board: Board, served: str) -> None:
    task = await _cancelled_task(board)
    env = cli_env(GA_API_URL=served, GA_API_TOKEN=TOKEN)
    done = await asyncio.to_thread(run_cli, "tasks", "assign", str(task["id"]), "planner", env=env)
    assert done.returncode != 0
    assert "cancelled" in done.stderr and "tasks retry" in done.stderr  # refused, with the way out
    async with api(board) as client:
        after = (await client.get(f"/tasks/{task['id']}")).json()
    assert (after["agent"], after["status"]) == ("researcher", "cancelled")
