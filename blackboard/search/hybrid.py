"""The search entry point: vector-only, text-only or fused, with filters that keep k rows.

Vector search runs on the HNSW index with pgvector's iterative scan (``relaxed_order``), so a
selective filter makes the index keep scanning until k rows pass instead of returning fewer.
"""

from __future__ import annotations

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.embeddings.base import SharedEmbedder
from blackboard.errors import BoardError
from blackboard.models import Chunk, Entry
from blackboard.schemas.search import SearchHit, SearchRequest
from blackboard.search.filters import entry_conditions, is_filtered
from blackboard.search.fusion import reciprocal_rank_fusion

EF_SEARCH = 100
EF_SEARCH_FILTERED = 200
"""A filter rejects most of what the graph walk finds first; a wider beam keeps recall up."""
MAX_SCAN_TUPLES = 40_000
CANDIDATES_FACTOR = 4


async def search(
    session: AsyncSession, request: SearchRequest, embedder: SharedEmbedder | None
) -> list[SearchHit]:
    """Rank chunks for ``request`` and return the top ``k`` as hits."""
    # Fusion needs deeper lists than k; a single ranking needs exactly k.
    depth = request.k if request.mode != "hybrid" else max(request.k * CANDIDATES_FACTOR, 20)
    rankings: list[list[int]] = []
    vector_scores: dict[int, float] = {}
    if request.mode in ("vector", "hybrid"):
        vector = request.vector
        if vector is None:
            if embedder is None:
                raise BoardError("vector search needs an embedder or a query vector")
            vector = (await embedder.embed_async([request.query]))[0]
        ids, distances = await vector_ranking(session, request, vector, depth)
        rankings.append(ids)
        vector_scores = {i: 1.0 - d for i, d in zip(ids, distances, strict=True)}
    text_scores: dict[int, float] = {}
    if request.mode in ("text", "hybrid") and request.query.strip():
        ids, ranks = await text_ranking(session, request, depth)
        rankings.append(ids)
        text_scores = dict(zip(ids, ranks, strict=True))

    if request.mode == "vector":
        scored = sorted(vector_scores.items(), key=lambda p: -p[1])
    elif request.mode == "text":
        scored = sorted(text_scores.items(), key=lambda p: -p[1])
    else:
        scored = reciprocal_rank_fusion(rankings)
    top = scored[: request.k]
    return await hydrate(session, top)


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
            "ef": str(max(EF_SEARCH_FILTERED if is_filtered(request) else EF_SEARCH, depth)),
            "tuples": str(MAX_SCAN_TUPLES),
        },
    )
    distance = Chunk.embedding.cosine_distance(vector).label("distance")
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
    """Chunk ids matching the query words (``websearch_to_tsquery``), by ``ts_rank_cd``."""
    query = func.websearch_to_tsquery(literal_column("'english'"), request.query)
    rank = func.ts_rank_cd(Chunk.tsv, query).label("rank")
    stmt = (
        select(Chunk.id, rank)
        .join(Entry, Entry.id == Chunk.entry_id)
        .where(Chunk.tsv.op("@@")(query), *entry_conditions(request))
        .order_by(rank.desc(), Chunk.id)
        .limit(depth)
    )
    rows = (await session.execute(stmt)).all()
    return [r[0] for r in rows], [float(r[1]) for r in rows]


async def hydrate(session: AsyncSession, scored: list[tuple[int, float]]) -> list[SearchHit]:
    """Load the chunks and entries behind ranked ids, keeping the order."""
    if not scored:
        return []
    ids = [i for i, _ in scored]
    stmt = select(Chunk, Entry).join(Entry, Entry.id == Chunk.entry_id).where(Chunk.id.in_(ids))
    rows = {chunk.id: (chunk, entry) for chunk, entry in (await session.execute(stmt)).all()}
    hits: list[SearchHit] = []
    for chunk_id, score in scored:
        if chunk_id not in rows:
            continue
        chunk, entry = rows[chunk_id]
        hits.append(
            SearchHit(
                entry_id=entry.id,
                chunk_id=chunk.id,
                kind=entry.kind,
                title=entry.title,
                source_uri=entry.source_uri,
                text=chunk.text,
                heading_path=chunk.heading_path,
                start_line=chunk.start_line,
                end_line=chunk.end_line,
                score=score,
            )
        )
    return hits
