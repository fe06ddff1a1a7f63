"""Duplicate candidates: earlier issues of the same repository that hybrid search finds for the
issue's text and whose cosine similarity to it reaches a floor.

Search (vectors + full text, fused) finds the candidates; the fused score is a rank, not a
similarity, so each candidate is then compared with the issue by its embedding, and only those
at or above ``SIMILARITY_FLOOR`` go to the model's yes/no. Only earlier issues (lower numbers)
count: a new report duplicates an older one, never the reverse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search_entries
from knowledge_sources.triager.issue import Issue

SIMILARITY_FLOOR = 0.5
"""The least cosine similarity (issue text vs candidate text) worth asking the model about."""
MAX_CANDIDATES = 3
"""The most candidates the model is asked about per issue."""
TEXT_CHARS = 2000


@dataclass(frozen=True)
class Candidate:
    """An earlier issue that may be the same report."""

    issue: Issue
    similarity: float


async def find_candidates(
    board: Board,
    issue: Issue,
    floor: float = SIMILARITY_FLOOR,
    limit: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """The closest earlier issues of ``issue.repo`` at or above ``floor``, most similar first."""
    embedder = await board.embedder()
    request = SearchRequest(
        query=issue.text[:TEXT_CHARS],
        k=limit * 4,
        kinds=[EntryKind.GITEA_ISSUE],
        tags=[f"repo:{issue.repo}"[:100]],
        passages=1,
    )
    async with board.sessions() as session, session.begin():
        hits = await search_entries(session, request, embedder)
        ids = [h.entry_id for h in hits if h.entry_id != issue.entry_id]
        rows = await session.scalars(select(Entry).where(Entry.id.in_(ids)))
        entries = {e.id: e for e in rows}
    earlier = [
        Issue.of(entries[i])
        for i in ids
        if i in entries
        and entries[i].meta.get("repo") == issue.repo
        and isinstance(entries[i].meta.get("number"), int)
        and entries[i].meta["number"] < issue.number
    ]
    if not earlier:
        return []
    vectors = await embedder.embed_async(
        [issue.text[:TEXT_CHARS]] + [c.text[:TEXT_CHARS] for c in earlier]
    )
    scored = [
        Candidate(other, round(cosine(vectors[0], vector), 3))
        for other, vector in zip(earlier, vectors[1:], strict=True)
    ]
    kept = [c for c in scored if c.similarity >= floor]
    return sorted(kept, key=lambda c: -c.similarity)[:limit]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity (0 for a zero vector)."""
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0
