"""Optional web search through a self-hosted SearXNG (``GA_SEARXNG_URL``).

Results are stored on the board first (``document`` entries tagged ``web``, upserted by their
URL), so the note can cite them like any other stored source and every quote stays checkable.
Unreachable or malformed answers are logged and skipped: research goes on with the board.
"""

from __future__ import annotations

import logging

import httpx
from pydantic_settings import BaseSettings, SettingsConfigDict

from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from ingest.documents import markdown_chunker

logger = logging.getLogger(__name__)


class WebSearchSettings(BaseSettings):
    """``GA_SEARXNG_URL`` (empty: no web search) and how many results to keep."""

    model_config = SettingsConfigDict(env_prefix="GA_", extra="ignore")

    searxng_url: str = ""
    searxng_results: int = 5
    searxng_timeout_s: float = 20.0


async def store_web_results(
    board: Board, query: str, settings: WebSearchSettings | None = None
) -> int:
    """Search SearXNG for ``query`` and upsert the results; returns how many were stored."""
    settings = settings or WebSearchSettings()
    if not settings.searxng_url:
        return 0
    try:
        async with httpx.AsyncClient(timeout=settings.searxng_timeout_s) as client:
            response = await client.get(
                f"{settings.searxng_url.rstrip('/')}/search",
                params={"q": query[:500], "format": "json"},
            )
        response.raise_for_status()
        results = response.json().get("results", [])
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        logger.warning("SearXNG search failed, going on without the web: %s", exc)
        return 0
    stored = 0
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder(), markdown_chunker())
        for result in results[: settings.searxng_results]:
            if not isinstance(result, dict):
                continue
            url, title = str(result.get("url") or ""), str(result.get("title") or "")
            content = str(result.get("content") or "").strip()
            if not url.startswith(("http://", "https://")) or not content:
                continue
            await service.create(
                EntryIn(
                    kind="document",
                    title=(title or url)[:500],
                    body=content,
                    source_uri=url,
                    author="web",
                    tags=["web"],
                    meta={"engine": result.get("engine"), "query": query},
                )
            )
            stored += 1
    return stored
