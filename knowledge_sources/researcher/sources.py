"""Gathering sources: per-document hybrid search over the board in rounds, numbered for
citation."""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.runtime import Board
from blackboard.schemas.search import SearchHit, SearchRequest, cite
from blackboard.search import search_entries

SEARCHED_KINDS = [
    "document",
    "dependency_doc",
    "research_note",
    "gitea_issue",
    "gitea_pull",
    "gitea_comment",
    "gitea_wiki_page",
    "gitea_file",
    "gitea_repo",
    "contribution",
]


@dataclass(frozen=True)
class Source:
    """A numbered passage the note may cite."""

    number: int
    hit: SearchHit

    @property
    def location(self) -> str:
        """Where it comes from: source URI (or entry) plus line range."""
        where = self.hit.source_uri or f"board entry {self.hit.entry_id}"
        return cite(where, self.hit.start_line, self.hit.end_line)

    def brief(self, limit: int = 1200) -> str:
        """How the model sees it."""
        return f"[{self.number}] {self.hit.title} ({self.location})\n{self.hit.text[:limit]}"


async def gather(
    board: Board, queries: list[str], exclude_entry: int, k: int = 4, passages: int = 2
) -> list[Source]:
    """Run every query for its best ``k`` documents (up to ``passages`` best passages each),
    keep distinct chunks in first-seen order, number them from 1."""
    seen: set[int] = set()
    hits: list[SearchHit] = []
    embedder = await board.embedder()
    for query in queries:
        request = SearchRequest(query=query[:2000], k=k, kinds=SEARCHED_KINDS, passages=passages)
        async with board.sessions() as session, session.begin():
            found = await search_entries(session, request, embedder)
        for hit in (passage for entry in found for passage in entry.passages):
            if hit.entry_id != exclude_entry and hit.chunk_id not in seen:
                seen.add(hit.chunk_id)
                hits.append(hit)
    return [Source(number=i, hit=h) for i, h in enumerate(hits, start=1)]
