"""A directory that cannot be read hides nothing: the entries stored under it stay as they
were (open, searchable), the summary names the directory with its reason, and once it can be
read again nothing is embedded anew."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import ingest.run
from blackboard.embeddings.base import SharedEmbedder
from blackboard.models.vocabulary import EntryStatus
from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search
from ingest.run import ingest_paths
from ingest.settings import IngestSettings
from ingest.walk import WalkResult, walk
from tests.test_ingest_support import (
    HANDBOOK_FILES,
    copy_handbook,
    default_ingest_settings,
    entry_by_path,
    file_permissions_enforced,
)


def _walk_as_unprivileged(
    root: Path, settings: IngestSettings, within: Sequence[Path] = ()
) -> WalkResult:
    """The real walk, unable to bypass file permissions even when the tests run as root."""
    with file_permissions_enforced():
        return walk(root, settings, within)


async def test_unreadable_directory_keeps_its_stored_entries(
    fresh_board: Board,
    tmp_path: Path,
    hashing_embedder: SharedEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = default_ingest_settings()
    root = copy_handbook(tmp_path)
    first = await ingest_paths(fresh_board, [root], "handbook", settings=settings)
    assert sorted(first.new) == HANDBOOK_FILES
    under_guide = [root / "guide" / "configure.md", root / "guide" / "install.md"]

    monkeypatch.setattr(ingest.run, "walk", _walk_as_unprivileged)
    (root / "guide").chmod(0)
    try:
        locked = await ingest_paths(fresh_board, [root], "handbook", settings=settings)
    finally:
        (root / "guide").chmod(0o755)
    assert not locked.interrupted
    assert locked.deleted == [], "nothing under the unreadable directory is marked gone"
    assert ("guide", "directory unreadable: permission denied") in [
        (s.label, s.reason) for s in locked.skipped
    ]
    assert locked.unchanged == len(HANDBOOK_FILES) - len(under_guide), "the run went on"
    for path in under_guide:
        assert (await entry_by_path(fresh_board, path)).status == EntryStatus.OPEN
    install = await entry_by_path(fresh_board, root / "guide" / "install.md")
    async with fresh_board.sessions() as session, session.begin():
        hits = await search(
            session,
            SearchRequest(query="Which TCP port does Lighthouse listen on?", k=3),
            hashing_embedder,
        )
    assert install.id in [h.entry_id for h in hits], "still searchable"

    before = hashing_embedder.texts_embedded
    readable = await ingest_paths(fresh_board, [root], "handbook", settings=settings)
    assert readable.unchanged == len(HANDBOOK_FILES)
    assert readable.new == [] and readable.changed == [] and readable.deleted == []
    assert hashing_embedder.texts_embedded == before and readable.chunks.embedded == 0
