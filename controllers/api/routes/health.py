"""GET /health: is the API up and the database reachable (no token needed)."""

from __future__ import annotations

from litestar import get
from litestar.datastructures import State
from sqlalchemy import text

from controllers.api.dependencies import board_of


@get("/health", tags=["health"])
async def health(state: State) -> dict[str, str]:
    """``{"status": "ok"}`` when the board answers a query."""
    async with board_of(state).sessions() as session:
        await session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}
