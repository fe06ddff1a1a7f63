"""Search quality on questions: the any-word text leg, identifiers first, per-entry results."""

from __future__ import annotations

import pytest_asyncio

from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.search import EntryHit, SearchHit, SearchRequest
from blackboard.search import search, search_entries
from blackboard.services.entries import EntryService
from tests.api_client import api

PADDING = " ".join(f"Paragraph {i} of this section says nothing new." for i in range(25))
"""Makes each section of the settings page a chunk of its own."""

DOCUMENTS = {
    "settings": (
        "# Settings\n\n"
        "## Token\n\nThe API reads its bearer secret from GA_API_TOKEN when it starts. "
        f"{PADDING}\n\n"
        "## Database\n\nDATABASE_URL points the board at an external PostgreSQL server; "
        f"without it an embedded server starts in the data directory. {PADDING}\n\n"
        "## Models\n\nThe embedding model is all-MiniLM-L6-v2 unless another is configured. "
        f"{PADDING}\n"
    ),
    "tokens": (
        "# Tokens\n\nAn API token is a secret. Rotate every API token often, keep each token out "
        "of logs, and give the API token to no one: a token read from a file or the API token "
        "store is still a token.\n"
    ),
    "nonlocal": (
        "# Closures\n\nThe nonlocal statement lets a nested function rebind a variable of the "
        "enclosing function.\n"
    ),
    "scopes": (
        "# Scopes\n\nA nested function can read the variables of the enclosing function; "
        "assigning to a variable in a function makes it local to that function.\n"
    ),
}


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def docs(board: Board) -> dict[str, int]:
    ids: dict[str, int] = {}
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder())
        for name, body in DOCUMENTS.items():
            entry = await service.create(
                EntryIn(kind="document", title=name, body=body, source_uri=f"file:///q/{name}.md")
            )
            ids[name] = entry.id
    return ids


async def _search(board: Board, **kwargs: object) -> list[SearchHit]:
    async with board.sessions() as session, session.begin():
        return await search(session, SearchRequest.model_validate(kwargs), await board.embedder())


async def _entries(board: Board, **kwargs: object) -> list[EntryHit]:
    request = SearchRequest.model_validate(kwargs)
    async with board.sessions() as session, session.begin():
        return await search_entries(session, request, await board.embedder())


async def test_question_gets_full_text_hits(board: Board, docs: dict[str, int]) -> None:
    # Not every word of the question is in any passage: an all-words query finds nothing.
    question = "Which setting connects the board to an external PostgreSQL database server?"
    hits = await _search(board, query=question, mode="text", k=5)
    assert hits, "a question must get full-text hits"
    assert hits[0].entry_id == docs["settings"]
    assert "DATABASE_URL" in hits[0].text
    assert await _search(board, query="what is the", mode="text") == []  # only stop words


async def test_identifiers_rank_their_chunk_first(board: Board, docs: dict[str, int]) -> None:
    for mode in ("text", "hybrid"):
        hits = await _search(
            board, query="where does the API token GA_API_TOKEN come from", mode=mode
        )
        assert "GA_API_TOKEN" in hits[0].text, (mode, [h.title for h in hits])
        assert hits[0].entry_id == docs["settings"]
        hits = await _search(board, query="what does `nonlocal` do in a nested function", mode=mode)
        assert hits[0].entry_id == docs["nonlocal"], (mode, [h.title for h in hits])


async def test_per_entry_results_never_repeat_an_entry(board: Board, docs: dict[str, int]) -> None:
    chunks = await _search(board, query="settings token database model", k=10)
    assert len({h.entry_id for h in chunks}) < len(chunks)  # chunk search repeats entries

    found = await _entries(board, query="settings token database model", k=3, passages=2)
    ids = [e.entry_id for e in found]
    assert len(ids) == len(set(ids)) == 3
    assert [e.score for e in found] == sorted((e.score for e in found), reverse=True)
    for entry in found:
        assert 1 <= len(entry.passages) <= 2
        assert all(p.entry_id == entry.entry_id for p in entry.passages)
        assert entry.score == entry.passages[0].score
        assert entry.source_uri == entry.passages[0].source_uri
    settings = next(e for e in found if e.entry_id == docs["settings"])
    assert len(settings.passages) == 2 and settings.passages[0].start_line

    async with api(board) as client:
        response = await client.post(
            "/search/entries",
            json={"query": "settings token database model", "k": 3, "passages": 2},
        )
    assert response.status_code == 200
    assert [e["entry_id"] for e in response.json()] == ids
