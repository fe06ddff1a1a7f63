"""The search entry point: vector-only, text-only or fused, with filters that keep k rows.

Vector search runs on the HNSW index (over ``embedding::halfvec``) with pgvector's iterative
scan (``relaxed_order``), so a selective filter makes the index keep scanning until k rows pass
instead of returning fewer.
"""

from __future__ import annotations

from pgvector.sqlalchemy import HALFVEC
from sqlalchemy import cast, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.embeddings.base import SharedEmbedder
from blackboard.errors import BoardError
from blackboard.models import Chunk, Entry
from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.schemas.search import EntryHit, SearchHit, SearchRequest
from blackboard.search.beam import ef_search, estimated_chunks
from blackboard.search.filters import entry_conditions, is_filtered
from blackboard.search.fusion import RRF_K, reciprocal_rank_fusion
from blackboard.search.hits import hydrate
from blackboard.search.text_query import any_lexeme_query, ranked, strong_matches

MAX_SCAN_TUPLES = 40_000
CANDIDATES_FACTOR = 4
ENTRY_CANDIDATES_FACTOR = 3
ENTRY_MIN_DEPTH = 30
"""Per-entry search ranks this many chunks (k x factor, at least the minimum) to group."""


async def search(
    session: AsyncSession, request: SearchRequest, embedder: SharedEmbedder | None
) -> list[SearchHit]:
    """Rank chunks for ``request`` and return the top ``k`` as hits."""
    # Fusion needs deeper lists than k; a single ranking needs exactly k.
    default = request.k if request.mode != "hybrid" else max(request.k * CANDIDATES_FACTOR, 20)
    scored = await rank_chunks(session, request, embedder, request.depth or default)
    return await hydrate(session, scored[: request.k])


async def search_entries(
    session: AsyncSession, request: SearchRequest, embedder: SharedEmbedder | None
) -> list[EntryHit]:
    """The top ``k`` entries, each scored by its best passage and carrying up to
    ``request.passages`` of its best passages; no entry appears twice."""
    depth = request.depth or max(request.k * ENTRY_CANDIDATES_FACTOR, ENTRY_MIN_DEPTH)
    hits = await hydrate(session, await rank_chunks(session, request, embedder, depth))
    grouped: dict[int, list[SearchHit]] = {}
    for hit in hits:  # best first, so each entry's first hit is its best
        passages = grouped.setdefault(hit.entry_id, [])
        if len(passages) < request.passages:
            passages.append(hit)
    return [
        EntryHit(
            entry_id=best.entry_id,
            kind=best.kind,
            title=best.title,
            source_uri=best.source_uri,
            score=best.score,
            passages=passages,
        )
        for best, passages in ((p[0], p) for p in grouped.values())
    ][: request.k]


async def rank_chunks(
    session: AsyncSession, request: SearchRequest, embedder: SharedEmbedder | None, depth: int
) -> list[tuple[int, float]]:
    """Chunk ids with scores, best first: one leg's ranking, or both fused."""
    rankings: list[list[int]] = []
    weights: list[float] = []
    vector_scores: dict[int, float] = {}
    if request.mode in ("vector", "hybrid"):
        vector = request.vector
        if vector is None:
            if embedder is None:
                raise BoardError("vector search needs an embedder or a query vector")
            vector = (await embedder.embed_async([request.query]))[0]
        ids, distances = await vector_ranking(session, request, vector, depth)
        rankings.append(ids)
        weights.append(request.vector_weight)
        vector_scores = {i: 1.0 - d for i, d in zip(ids, distances, strict=True)}
    text_scores: dict[int, float] = {}
    if request.mode in ("text", "hybrid") and request.query.strip():
        ids, ranks = await text_ranking(session, request, depth)
        rankings.append(ids)
        weights.append(request.text_weight)
        text_scores = dict(zip(ids, ranks, strict=True))

    if request.mode == "vector":
        return sorted(vector_scores.items(), key=lambda p: -p[1])
    if request.mode == "text":
        return sorted(text_scores.items(), key=lambda p: -p[1])
    fused = dict(reciprocal_rank_fusion(rankings, weights=weights))
    # Strong text matches (every word, an identifier) keep full weight whatever text_weight is.
    extra = max(0.0, 1.0 - request.text_weight)
    for rank, chunk_id in enumerate(text_scores, start=1):
        if text_scores[chunk_id] >= 1.0:
            fused[chunk_id] += extra / (RRF_K + rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


async def vector_ranking(
    session: AsyncSession, request: SearchRequest, vector: list[float], depth: int
) -> tuple[list[int], list[float]]:
    """Chunk ids nearest to ``vector`` (cosine), filtered, with their distances."""
    await session.execute(
        text(
            "SELECT set_config('hnsw.ef_search', :ef, true),"
            " set_config('hnsw.iterative_scan', 'relaxed_order', true),"
            " set_config('hnsw.max_scan_tuples', :tuples, true)"
        ),
        {
            "ef": str(ef_search(depth, is_filtered(request), await estimated_chunks(session))),
            "tuples": str(MAX_SCAN_TUPLES),
        },
    )
    # The same cast as the index (``models.chunk``): the graph is over halfvec.
    halfvec = HALFVEC(EMBEDDING_DIM)
    distance = (
        cast(Chunk.embedding, halfvec).cosine_distance(cast(vector, halfvec)).label("distance")
    )
    inner = (
        select(Chunk.id.label("id"), distance)
        .join(Entry, Entry.id == Chunk.entry_id)
        .where(Chunk.embedding.is_not(None), *entry_conditions(request))
        .order_by(distance)
        .limit(depth)
        .cte("nearest")
        .prefix_with("MATERIALIZED")
    )
    stmt = select(inner.c.id, inner.c.distance).order_by(inner.c.distance)
    rows = (await session.execute(stmt)).all()
    return [r[0] for r in rows], [float(r[1]) for r in rows]


async def text_ranking(
    session: AsyncSession, request: SearchRequest, depth: int
) -> tuple[list[int], list[float]]:
    """Chunk ids matching any of the query's words, strong matches first, then by rank.

    The score is the number of strong tests passed (all words, identifiers; see
    ``text_query``) plus the normalised rank in [0, 1)."""
    any_lexeme = await any_lexeme_query(session, request.query)
    if any_lexeme is None:
        return [], []
    matches, rank = ranked(any_lexeme, request.query)
    score = (strong_matches(request.query) + rank).label("score")
    stmt = (
        select(Chunk.id, score)
        .join(Entry, Entry.id == Chunk.entry_id)
        .where(matches, *entry_conditions(request))
        .order_by(score.desc(), Chunk.id)
        .limit(depth)
    )
    rows = (await session.execute(stmt)).all()
    return [r[0] for r in rows], [float(r[1]) for r in rows]
