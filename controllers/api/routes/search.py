"""/search: hybrid search over the board's chunks; /search/entries: the best entries."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from blackboard.schemas.search import EntryHit, SearchHit, SearchRequest
from blackboard.search import search, search_entries


async def _embedder(board: Board, request: SearchRequest) -> SharedEmbedder | None:
    return await board.embedder() if request.mode != "text" and request.vector is None else None


@post("/search", tags=["search"], status_code=200)
async def search_board(
    data: JSONBody[SearchRequest],
    db_session: NamedDependency[AsyncSession],
    board: NamedDependency[Board],
) -> list[SearchHit]:
    """Vector, text or fused (reciprocal rank) search with kind/tag/source/status filters."""
    embedder = await _embedder(board, data)
    async with db_session.begin():
        return await search(db_session, data, embedder)


@post("/search/entries", tags=["search"], status_code=200)
async def search_board_entries(
    data: JSONBody[SearchRequest],
    db_session: NamedDependency[AsyncSession],
    board: NamedDependency[Board],
) -> list[EntryHit]:
    """The best ``k`` entries (each once), each with up to ``passages`` of its best passages."""
    embedder = await _embedder(board, data)
    async with db_session.begin():
        return await search_entries(db_session, data, embedder)
