"""Hybrid search on a small corpus with known answers: vector-only, text-only, fused, filters."""

from __future__ import annotations

import pytest_asyncio

from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.search import SearchHit, SearchRequest
from blackboard.search import search
from blackboard.services.entries import EntryService

CORPUS = {
    "hnsw": "The HNSW index builds a layered proximity graph; ef_search trades recall for speed.",
    "gin": "A GIN index over a tsvector column makes PostgreSQL full text search fast.",
    "saq": "SAQ runs asynchronous jobs from queues; workers heartbeat so stuck jobs are retried.",
    "webhook": "Gitea signs every webhook delivery with an HMAC SHA256 of the raw request body.",
    "outbox": "The outbox keeps an idempotency key per action so a retried task posts once.",
}


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def corpus(board: Board) -> dict[str, int]:
    ids: dict[str, int] = {}
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder())
        for name, text in CORPUS.items():
            entry = await service.create(
                EntryIn(
                    kind="document",
                    title=name,
                    body=text,
                    source_uri=f"file:///corpus/{name}.md",
                    tags=["corpus"],
                )
            )
            ids[name] = entry.id
        for i in range(30):
            for tag in ("red", "blue"):
                await service.create(
                    EntryIn(
                        kind="document" if i % 2 else "research_note",
                        title=f"{tag} {i}",
                        body=f"Filler passage number {i} about colours and {tag} paint.",
                        tags=[tag],
                        source_uri=f"gitea://acme/{tag}/{i}",
                    )
                )
    return ids


async def _search(board: Board, **kwargs: object) -> list[SearchHit]:
    request = SearchRequest.model_validate(kwargs)
    async with board.sessions() as session, session.begin():
        return await search(session, request, await board.embedder())


async def test_vector_only_finds_known_answer(board: Board, corpus: dict[str, int]) -> None:
    hits = await _search(board, query="HMAC signature of a webhook delivery", mode="vector", k=3)
    assert hits[0].entry_id == corpus["webhook"]
    assert hits[0].score > hits[1].score


async def test_vector_query_by_vector(
    board: Board, corpus: dict[str, int], hashing_embedder: SharedEmbedder
) -> None:
    vector = hashing_embedder.embed([f"saq\n{CORPUS['saq']}"])[0]  # heading path + text
    hits = await _search(board, vector=vector, mode="vector", k=1)
    assert [h.entry_id for h in hits] == [corpus["saq"]]
    assert hits[0].score > 0.99


async def test_text_only_finds_known_answer(board: Board, corpus: dict[str, int]) -> None:
    hits = await _search(board, query="tsvector", mode="text", k=5)
    assert [h.entry_id for h in hits] == [corpus["gin"]]
    none = await _search(board, query="zebra", mode="text", k=5)
    assert none == []


async def test_fused_ranks_answer_first(board: Board, corpus: dict[str, int]) -> None:
    for question, expected in [
        ("how does the outbox keep a retried task from posting twice", "outbox"),
        ("recall and speed of the HNSW graph index", "hnsw"),
        ("are stuck queue jobs retried by workers", "saq"),
    ]:
        hits = await _search(board, query=question, k=5)
        assert hits[0].entry_id == corpus[expected], (question, [h.title for h in hits])
        assert hits[0].source_uri == f"file:///corpus/{expected}.md"
        assert hits[0].start_line == 1


async def test_filters_still_return_k_rows(board: Board, corpus: dict[str, int]) -> None:
    for mode in ("vector", "hybrid"):
        hits = await _search(board, query="HNSW index recall", mode=mode, k=10, tags=["red"])
        assert len(hits) == 10, mode
        assert all(h.title.startswith("red ") for h in hits)

    notes = await _search(board, query="paint", k=10, kinds=["research_note"], tags=["blue"])
    assert len(notes) == 10
    assert all(h.kind == "research_note" and h.title.startswith("blue ") for h in notes)

    prefixed = await _search(board, query="paint colours", k=10, source_prefix="gitea://acme/blue/")
    assert len(prefixed) == 10
    assert all((h.source_uri or "").startswith("gitea://acme/blue/") for h in prefixed)


async def test_gone_entries_are_not_found(board: Board, corpus: dict[str, int]) -> None:
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder())
        gone = await service.create(
            EntryIn(kind="document", title="obsolete", body="quokka quokka", status="gone")
        )
    assert await _search(board, query="quokka", mode="text") == []
    found = await _search(board, query="quokka", mode="text", statuses=["gone"])
    assert [h.entry_id for h in found] == [gone.id]
