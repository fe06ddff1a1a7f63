"""New chunk settings re-split what is stored: every entry remembers the size/overlap it was
cut with, so a run with other ``GA_INGEST_CHUNK_*`` splits every source again (an unchanged
tree is not left cut the old way), and the run after that is unchanged again."""

from __future__ import annotations

from pathlib import Path

from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from ingest.run import ingest_paths
from ingest.settings import IngestSettings
from tests.test_ingest_support import (
    chunks_of,
    default_ingest_settings,
    entry_by_path,
)

SENTENCE = "Backups of the metadata database run every night and are copied offsite. "


def _tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    root = tmp_path / "ops"
    root.mkdir()
    long, short = root / "backups.md", root / "short.md"
    numbered = " ".join(f"{SENTENCE[:-2]} (step {n})." for n in range(40))
    long.write_text(f"# Backups\n\n{numbered}\n")
    short.write_text("# Short\n\nOne line.\n")
    return root, long, short


async def test_other_chunk_settings_split_every_source_again(
    fresh_board: Board, tmp_path: Path, hashing_embedder: SharedEmbedder
) -> None:
    root, long, _short = _tree(tmp_path)
    wide = default_ingest_settings()
    narrow = IngestSettings.model_construct(chunk_size=64, chunk_overlap=0)

    first = await ingest_paths(fresh_board, [root], "ops", settings=wide)
    assert sorted(first.new) == ["backups.md", "short.md"]
    entry = await entry_by_path(fresh_board, long)
    assert entry.meta["split"] == "200/20"
    wide_chunks = len(await chunks_of(fresh_board, entry.id))

    before = hashing_embedder.texts_embedded
    second = await ingest_paths(fresh_board, [root], "ops", settings=narrow)
    assert sorted(second.changed) == ["backups.md", "short.md"] and second.unchanged == 0
    entry = await entry_by_path(fresh_board, long)
    assert entry.meta["split"] == "64/0"
    assert len(await chunks_of(fresh_board, entry.id)) > wide_chunks
    assert second.chunks.embedded == hashing_embedder.texts_embedded - before > 0
    assert second.chunks.kept >= 1  # the short file's one chunk came out the same: its vector kept

    before = hashing_embedder.texts_embedded
    third = await ingest_paths(fresh_board, [root], "ops", settings=narrow)
    assert third.unchanged == 2 and not third.changed and third.chunks.written == 0
    assert hashing_embedder.texts_embedded == before
