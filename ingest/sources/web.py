"""Web pages from a self-hosted SearXNG (``GA_SEARXNG_URL``) onto the board.

Ingest's job, like files and dependency docs: a search's results are stored on the board as
``document`` entries tagged ``web``, upserted by their URL and cut by the board's markdown
splitter, so research can cite them like any other stored source and every quote stays
checkable. Unreachable or malformed answers are logged and skipped: nothing is stored and
research goes on with the board. Knowledge sources never call this themselves (they write
nothing); the worker hands it to them as ``Context.search_web``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.documents import markdown_chunker
from blackboard.services.entries import EntryService
from blackboard.splitting import SplitOptions
from ingest.sources.web_settings import WebSearchSettings

logger = logging.getLogger(__name__)

WEB_TAG = "web"


@dataclass(frozen=True)
class WebPage:
    """One usable search result: an http(s) URL with some text."""

    url: str
    title: str
    content: str
    engine: Any = None

    def entry(self, query: str) -> EntryIn:
        """The board entry for the page (its URL is the source, so a repeat is an upsert)."""
        return EntryIn(
            kind=EntryKind.DOCUMENT,
            title=(self.title or self.url)[:500],
            body=self.content,
            source_uri=self.url,
            author="web",
            tags=[WEB_TAG],
            meta={"engine": self.engine, "query": query},
        )


async def search_searxng(query: str, settings: WebSearchSettings) -> list[WebPage]:
    """The usable pages among SearXNG's first ``searxng_results`` results for ``query``
    (none when no SearXNG is set, it cannot be reached, or it answers garbage)."""
    if not settings.searxng_url:
        return []
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
        return []
    pages = []
    for result in results[: settings.searxng_results]:
        if not isinstance(result, dict):
            continue
        url, title = str(result.get("url") or ""), str(result.get("title") or "")
        content = str(result.get("content") or "").strip()
        if url.startswith(("http://", "https://")) and content:
            pages.append(WebPage(url, title, content, result.get("engine")))
    return pages


async def store_web_results(
    board: Board, query: str, settings: WebSearchSettings, split: SplitOptions
) -> list[int]:
    """Search SearXNG for ``query`` and upsert the pages; returns their entry ids."""
    pages = await search_searxng(query, settings)
    if not pages:
        return []
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder(), markdown_chunker(split))
        return [(await service.create(page.entry(query))).id for page in pages]
