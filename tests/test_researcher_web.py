"""Web pages from SearXNG (ingest's web source): results are stored on the board (citable),
failures never stop research, and the researcher cites the pages the worker brings in."""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry, Link, Task
from blackboard.runtime import Board
from blackboard.splitting import SplitOptions
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from ingest.sources.web import store_web_results
from ingest.sources.web_settings import WebSearchSettings
from knowledge_sources.models.errors import ModelUnavailableError
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import load_souls
from tests.api_client import api
from tests.loopback_server import loopback_server, refused_url
from tests.team_helpers import scalar, wait_for

SPLIT = SplitOptions()
PGVECTOR_PAGE = {
    "url": "https://example.org/pgvector",
    "title": "pgvector",
    "content": "HNSW indexes trade recall for speed with ef_search.",
    "engine": "ddg",
}


async def test_searxng_results_become_stored_sources(board: Board) -> None:
    with loopback_server() as searx:
        searx.reply_json(
            {
                "results": [
                    PGVECTOR_PAGE,
                    {"url": "javascript:alert(1)", "title": "bad", "content": "skipped"},
                    {"url": "https://example.org/empty", "title": "empty", "content": ""},
                ]
            }
        )
        stored = await store_web_results(
            board, "pgvector hnsw", WebSearchSettings(searxng_url=searx.url), SPLIT
        )
        assert searx.last.path.startswith("/search?q=pgvector+hnsw&format=json")
    assert len(stored) == 1
    async with board.sessions() as session:
        entry = await session.scalar(
            select(Entry).where(Entry.source_uri == "https://example.org/pgvector")
        )
    assert entry is not None
    assert stored == [entry.id]
    assert entry.tags == ["web"]
    assert "ef_search" in entry.body


async def test_searxng_down_or_garbage_is_skipped(board: Board) -> None:
    def settings(url: str) -> WebSearchSettings:
        return WebSearchSettings(searxng_url=url)

    assert await store_web_results(board, "q", settings(refused_url()), SPLIT) == []
    with loopback_server() as searx:
        searx.reply_raw("<html>not json</html>", content_type="text/html")
        assert await store_web_results(board, "q", settings(searx.url), SPLIT) == []
        searx.reply_json({"error": "boom"}, status=500)
        assert await store_web_results(board, "q", settings(searx.url), SPLIT) == []
    assert await store_web_results(board, "q", settings(""), SPLIT) == []


async def test_researcher_cites_the_pages_the_worker_brings_in(fresh_board: Board) -> None:
    model = ScriptedModel(strict=True)
    model.script("generate", ModelUnavailableError("no server"))  # an extractive note
    with loopback_server() as searx:
        searx.reply_json({"results": [PGVECTOR_PAGE]})
        team = Team(
            fresh_board,
            {"researcher": load_souls()["researcher"]},
            model_for=lambda _: model,
            settings=ControlSettings(sweep_s=1),
            web=WebSearchSettings(searxng_url=searx.url),
        )
        await team.start()
        await team.control.ready.wait()
        try:
            async with api(fresh_board) as client:
                question = (
                    await client.post(
                        "/entries", json={"kind": "question", "title": "How fast is HNSW?"}
                    )
                ).json()

            async def done() -> bool:
                sql = "SELECT count(*) FROM tasks WHERE entry_id = :e AND status = 'done'"
                return await scalar(fresh_board, sql, e=question["id"]) == 1

            await wait_for(done, limit_s=60, what="the research task")
        finally:
            await team.stop()
        assert searx.last.path.startswith("/search?q=How+fast+is+HNSW")
    async with fresh_board.sessions() as session:
        task = await session.scalar(select(Task).where(Task.entry_id == question["id"]))
        assert task is not None
        assert task.result["entries"]  # the note; the page is not the task's contribution
        page = await session.scalar(select(Entry).where(Entry.source_uri == PGVECTOR_PAGE["url"]))
        assert page is not None and page.id not in task.result["entries"]
        cited = await session.scalars(
            select(Link.target_id).where(
                Link.source_id == task.result["entries"][0], Link.kind == "cites"
            )
        )
        assert page.id in set(cited)
