"""/search: hybrid search over the board's chunks."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.runtime import Board
from blackboard.schemas.search import SearchHit, SearchRequest
from blackboard.search import search


@post("/search", tags=["search"], status_code=200)
async def search_board(
    data: JSONBody[SearchRequest],
    db_session: NamedDependency[AsyncSession],
    board: NamedDependency[Board],
) -> list[SearchHit]:
    """Vector, text or fused (reciprocal rank) search with kind/tag/source/status filters."""
    embedder = await board.embedder() if data.mode != "text" and data.vector is None else None
    async with db_session.begin():
        return await search(db_session, data, embedder)
