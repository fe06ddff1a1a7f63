"""The HNSW beam per query: the candidates' beam up to 400,000 chunks, growing with the square
root of the board's size beyond (a million chunks get about 1.6x), never past pgvector's 1000;
the board's size is PostgreSQL's estimate, which ANALYZE keeps, read on a real board."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from blackboard.runtime import Board
from blackboard.search.beam import ef_search, estimated_chunks
from ingest.run import ingest_paths
from ingest.settings import IngestSettings


def test_the_beam_is_the_candidates_beam_on_a_small_board_and_grows_with_a_large_one() -> None:
    assert ef_search(10, False) == ef_search(10, False, 400_000) == 100
    assert ef_search(10, True, 50_000) == 200
    assert ef_search(200, False, 10) == 400  # 2 per candidate
    assert ef_search(10, False, 1_600_000) == 200
    assert ef_search(10, False, 1_000_000) == 159
    assert ef_search(10, True, 1_000_000) == 317
    assert ef_search(10, True, 40_000_000) == 1000  # pgvector's ceiling


async def test_the_board_size_is_postgresqls_estimate(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"d{i}.md").write_text(f"# Doc {i}\n\n" + f"Sentence {i} about graphs. " * 400)
    await ingest_paths(fresh_board, [docs], "docs", settings=ingest_settings)
    async with fresh_board.engine.begin() as conn:
        await conn.execute(text("ANALYZE chunks"))
        chunks = int((await conn.execute(text("SELECT count(*) FROM chunks"))).scalar_one())
    async with fresh_board.sessions() as session:
        assert chunks > 6 and await estimated_chunks(session) == chunks
