"""Paths given twice are walked once; a file under two given paths belongs to the outer one
(an inner path that adds nothing is reported), what only the inner walk reaches is still
ingested, and a second run over the same paths is unchanged."""

from __future__ import annotations

from pathlib import Path

from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from ingest.roots import distinct
from ingest.run import ingest_paths
from tests.test_ingest_support import (
    HANDBOOK_FILES,
    copy_handbook,
    default_ingest_settings,
)


def test_a_path_given_twice_is_walked_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    kept, skipped = distinct([docs, tmp_path / "docs-old", docs / ".." / "docs"])
    assert kept == [docs, tmp_path / "docs-old"]
    assert [(s.label, s.reason) for s in skipped] == [
        (str(docs / ".." / "docs"), f"the same path as {docs}, walked once")
    ]


async def test_an_inner_path_the_outer_walk_leaves_out_is_still_ingested(
    fresh_board: Board, tmp_path: Path, hashing_embedder: SharedEmbedder
) -> None:
    docs = tmp_path / "docs"
    (docs / "build").mkdir(parents=True)
    (docs / ".gitignore").write_text("build/\n")
    (docs / "guide.md").write_text("# Guide\n\nRead me.\n")
    (docs / "build" / "notes.md").write_text("# Notes\n\nKept on purpose.\n")
    (docs / "sub").mkdir()
    (docs / "sub" / "page.md").write_text("# Page\n\nReached by both paths.\n")
    settings = default_ingest_settings()
    paths = [docs, docs / "build", docs / "sub"]
    first = await ingest_paths(fresh_board, paths, "docs", settings=settings)
    assert sorted(first.new) == ["guide.md", "notes.md", "sub/page.md"]
    assert [(s.label, s.reason) for s in first.skipped] == [
        (str(docs / "sub"), f"inside {docs}, which this run ingests already")
    ]

    before = hashing_embedder.texts_embedded
    again = await ingest_paths(fresh_board, paths, "docs", settings=settings)
    assert again.unchanged == 3 and not again.deleted and not again.changed
    assert hashing_embedder.texts_embedded == before


async def test_nested_paths_are_ingested_once_and_stay_unchanged(
    fresh_board: Board, tmp_path: Path, hashing_embedder: SharedEmbedder
) -> None:
    root = copy_handbook(tmp_path)
    settings = default_ingest_settings()
    paths = [root, root / "guide" / "install.md", root / "src" / "retry.py"]
    first = await ingest_paths(fresh_board, paths, "handbook", settings=settings)
    assert sorted(first.new) == HANDBOOK_FILES
    assert first.roots == [str(p) for p in paths]
    inside = [s.label for s in first.skipped if s.reason.startswith("inside ")]
    assert inside == [str(root / "guide" / "install.md"), str(root / "src" / "retry.py")]

    before = hashing_embedder.texts_embedded
    again = await ingest_paths(fresh_board, paths, "handbook", settings=settings)
    assert again.unchanged == len(HANDBOOK_FILES) and not again.changed and not again.new
    assert again.chunks.written == 0 and hashing_embedder.texts_embedded == before
