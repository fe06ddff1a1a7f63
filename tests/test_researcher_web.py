"""Optional SearXNG: results are stored on the board (citable), failures never stop research."""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.runtime import Board
from knowledge_sources.researcher.web import WebSearchSettings, store_web_results
from tests.loopback_server import loopback_server, refused_url


async def test_searxng_results_become_stored_sources(board: Board) -> None:
    with loopback_server() as searx:
        searx.reply_json(
            {
                "results": [
                    {
                        "url": "https://example.org/pgvector",
                        "title": "pgvector",
                        "content": "HNSW indexes trade recall for speed with ef_search.",
                        "engine": "ddg",
                    },
                    {"url": "javascript:alert(1)", "title": "bad", "content": "skipped"},
                    {"url": "https://example.org/empty", "title": "empty", "content": ""},
                ]
            }
        )
        stored = await store_web_results(
            board, "pgvector hnsw", WebSearchSettings(searxng_url=searx.url)
        )
        assert searx.last.path.startswith("/search?q=pgvector+hnsw&format=json")
    assert stored == 1
    async with board.sessions() as session:
        entry = await session.scalar(
            select(Entry).where(Entry.source_uri == "https://example.org/pgvector")
        )
    assert entry is not None
    assert entry.tags == ["web"]
    assert "ef_search" in entry.body


async def test_searxng_down_or_garbage_is_skipped(board: Board) -> None:
    assert await store_web_results(board, "q", WebSearchSettings(searxng_url=refused_url())) == 0
    with loopback_server() as searx:
        searx.reply_raw("<html>not json</html>", content_type="text/html")
        assert await store_web_results(board, "q", WebSearchSettings(searxng_url=searx.url)) == 0
        searx.reply_json({"error": "boom"}, status=500)
        assert await store_web_results(board, "q", WebSearchSettings(searxng_url=searx.url)) == 0
    assert await store_web_results(board, "q", WebSearchSettings(searxng_url="")) == 0
