"""The HNSW index around bulk loads, on a real board: a load at least as large as the board
drops the index and builds it once at the end (with the migration's definition), a small one
leaves it alone, a run after one that died with the index dropped builds it again, and a
re-embed of every chunk builds it once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search
from blackboard.search.vector_index import INDEX_NAME, build_memory_bytes
from blackboard.services.reembed import reembed_all
from ingest.pipeline import IndexProgressSink
from ingest.run import ingest_paths
from ingest.settings import IngestSettings

GIB = 2**30
HNSW_DEF = (
    "USING hnsw (((embedding)::halfvec(384)) halfvec_cosine_ops)"
    " WITH (m='16', ef_construction='128')"
)


@dataclass
class Recorder:
    """A progress sink that remembers the index builds it was shown."""

    builds: list[tuple[int, int]] = field(default_factory=list)

    def start(self, total: int | None) -> None:
        return None

    def advance(self, label: str, chunks: int) -> None:
        return None

    def indexing(self, done: int, total: int) -> None:
        self.builds.append((done, total))


async def index_definition(board: Board) -> str | None:
    async with board.engine.connect() as conn:
        found = await conn.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": INDEX_NAME}
        )
    return str(found) if found is not None else None


def write_docs(root: Path, files: int) -> None:
    root.mkdir(exist_ok=True)
    for i in range(files):
        sections = "\n\n".join(
            f"## Part {j}\n\n" + f"Topic {i} detail {j}. " * 60 for j in range(4)
        )
        (root / f"doc{i}.md").write_text(f"# Doc {i}\n\n{sections}\n")


def test_build_memory_holds_the_graph_and_stays_within_a_quarter_of_the_ram() -> None:
    vector = build_memory_bytes(1_000_000, bytes_per_value=4, ram=64 * GIB)
    assert vector > 2 * GIB  # the 1 GB it had was the 42-minute build at 1M
    assert GIB < build_memory_bytes(1_000_000, ram=64 * GIB) < 2 * GIB  # halfvec: 2 bytes a value
    assert build_memory_bytes(1_000_000, ram=4 * GIB) == GIB
    assert build_memory_bytes(10) == 64 * 2**20


async def test_a_large_load_builds_the_index_once_after_and_a_small_one_leaves_it(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    assert isinstance(Recorder(), IndexProgressSink)
    fresh_board.settings = fresh_board.settings.model_copy(update={"vector_index_defer_rows": 20})
    write_docs(tmp_path / "big", 12)
    big = Recorder()
    report = await ingest_paths(
        fresh_board, [tmp_path / "big"], "big", settings=ingest_settings, progress=big
    )
    assert len(report.new) == 12
    assert big.builds and big.builds[-1][0] == big.builds[-1][1] >= 20
    definition = await index_definition(fresh_board)
    assert definition is not None and HNSW_DEF in definition

    write_docs(tmp_path / "small", 1)
    small = Recorder()
    await ingest_paths(
        fresh_board, [tmp_path / "small"], "small", settings=ingest_settings, progress=small
    )
    assert small.builds == []  # far fewer chunks than the board holds: the index stayed

    async with fresh_board.engine.begin() as conn:  # a run that died with the index dropped
        await conn.execute(text(f"DROP INDEX {INDEX_NAME}"))
    healed = Recorder()
    await ingest_paths(
        fresh_board, [tmp_path / "small"], "small", settings=ingest_settings, progress=healed
    )
    assert healed.builds and await index_definition(fresh_board) == definition

    embedder = await fresh_board.embedder()
    hits_before = await _top_ids(fresh_board)
    rebuilt: list[tuple[int, int]] = []
    written = await reembed_all(
        fresh_board, embedder, index_progress=lambda d, t: rebuilt.append((d, t))
    )
    assert rebuilt[-1] == (written, written) and await index_definition(fresh_board) == definition
    assert await _top_ids(fresh_board) == hits_before


async def _top_ids(board: Board) -> list[int]:
    async with board.sessions() as session, session.begin():
        hits = await search(
            session,
            SearchRequest(query="Topic 3 detail 2", k=5, mode="vector"),
            await board.embedder(),
        )
    return [h.chunk_id for h in hits]


async def test_the_board_vector_query_uses_the_halfvec_index(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    """The search casts the same way as the expression index, so PostgreSQL can use it."""
    write_docs(tmp_path / "docs", 3)
    await ingest_paths(fresh_board, [tmp_path / "docs"], "docs", settings=ingest_settings)
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
        if "nearest" in statement:
            captured.append((statement, params))

    event.listen(fresh_board.engine.sync_engine, "before_cursor_execute", capture)
    try:
        await _top_ids(fresh_board)
    finally:
        event.remove(fresh_board.engine.sync_engine, "before_cursor_execute", capture)
    ((statement, params),) = captured
    async with fresh_board.engine.connect() as conn:
        await conn.exec_driver_sql("SET enable_seqscan = off")
        plan = (await conn.exec_driver_sql("EXPLAIN " + statement, params)).scalars().all()
    assert any(f"Index Scan using {INDEX_NAME}" in line for line in plan), plan
