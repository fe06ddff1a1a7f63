"""Helper: a Litestar async test client on the real board with the test token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.testing import AsyncTestClient

from blackboard.runtime import Board
from controllers.api.app import create_app
from controllers.settings import AppSettings

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@asynccontextmanager
async def api(board: Board) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """The API app over ``board``, authenticated by default."""
    app = create_app(AppSettings(board=board.settings), board=board, token=TOKEN)
    async with AsyncTestClient(app=app) as client:
        client.headers.update(AUTH)
        yield client
