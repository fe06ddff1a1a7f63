"""Paths given twice, or inside another path given, are walked once: the outer one wins, the
inner one is reported, and a second run over the same paths is unchanged."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest_asyncio

from blackboard.database import Database
from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from blackboard.settings import Settings
from ingest.roots import outermost
from ingest.run import ingest_paths
from tests.test_ingest_support import (
    HANDBOOK_FILES,
    copy_handbook,
    default_ingest_settings,
    open_fresh_board,
)


@pytest_asyncio.fixture(loop_scope="session")
async def fresh_board(
    fresh_database: Callable[[], Database],
    test_settings: Settings,
    hashing_embedder: SharedEmbedder,
) -> AsyncIterator[Board]:
    async with open_fresh_board(fresh_database, test_settings, hashing_embedder) as opened:
        yield opened


def test_outermost_keeps_each_tree_once(tmp_path: Path) -> None:
    docs, guide, other = tmp_path / "docs", tmp_path / "docs" / "guide", tmp_path / "docs-old"
    page = guide / "install.md"
    kept, skipped = outermost([guide, docs, page, other, docs / ".." / "docs"])
    assert kept == [docs, other]  # docs-old is a sibling, not inside docs
    assert [(s.label, s.reason) for s in skipped] == [
        (str(guide), f"inside {docs}, which this run ingests already"),
        (str(page), f"inside {docs}, which this run ingests already"),
        (str(docs / ".." / "docs"), f"inside {docs}, which this run ingests already"),
    ]


async def test_nested_paths_are_ingested_once_and_stay_unchanged(
    fresh_board: Board, tmp_path: Path, hashing_embedder: SharedEmbedder
) -> None:
    root = copy_handbook(tmp_path)
    settings = default_ingest_settings()
    paths = [root, root / "guide", root / "guide" / "install.md"]
    first = await ingest_paths(fresh_board, paths, "handbook", settings=settings)
    assert sorted(first.new) == HANDBOOK_FILES
    assert first.roots == [str(root)]
    inside = [s.label for s in first.skipped if s.reason.startswith("inside ")]
    assert inside == [str(root / "guide"), str(root / "guide" / "install.md")]

    before = hashing_embedder.texts_embedded
    again = await ingest_paths(fresh_board, paths, "handbook", settings=settings)
    assert again.unchanged == len(HANDBOOK_FILES) and not again.changed and not again.new
    assert again.chunks.written == 0 and hashing_embedder.texts_embedded == before
