"""Hostile files in a folder given to ingest (issue 16, holes 2 and 3), on a real board.

A symlink whose target resolves outside the given paths (a secret file, a directory elsewhere)
is skipped with a reason, while links inside the given paths are still followed. A file with a
NUL byte past the first 8 KiB is skipped with a reason and the other files of the same run are
stored (PostgreSQL refuses NUL in text; before, one such file aborted the whole run).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.runtime import Board
from ingest.read import BINARY_PROBE_BYTES
from ingest.run import ingest_paths
from ingest.settings import IngestSettings

SECRET = "root:$6$hash-that-must-never-reach-the-board"


def _outside(tmp_path: Path) -> Path:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "private").mkdir(parents=True)
    (elsewhere / "shadow.txt").write_text(SECRET + "\n")
    (elsewhere / "private" / "notes.md").write_text(f"# Private\n\n{SECRET}\n")
    return elsewhere


async def _bodies(board: Board) -> dict[str, str]:
    async with board.sessions() as session:
        rows = (await session.execute(select(Entry.source_uri, Entry.body))).all()
    return {str(uri): body for uri, body in rows}


def _reasons(report_skipped: list[tuple[str, str]]) -> dict[str, str]:
    return {Path(label).name: reason for label, reason in report_skipped}


async def test_links_out_of_the_given_paths_are_skipped_links_inside_are_followed(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    elsewhere = _outside(tmp_path)
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "install.md").write_text("# Install\n\nRun the installer.\n")
    (docs / "shadow.md").symlink_to(elsewhere / "shadow.txt")
    (docs / "private").symlink_to(elsewhere / "private", target_is_directory=True)
    (docs / "sneaky.md").symlink_to(Path("..") / "elsewhere" / "shadow.txt")
    (docs / "z-alias.md").symlink_to(docs / "guide" / "install.md")
    (docs / "guide-link").symlink_to(docs / "guide", target_is_directory=True)

    report = await ingest_paths(fresh_board, [docs], "docs", settings=ingest_settings)

    reasons = _reasons([(s.label, s.reason) for s in report.skipped])
    outside = "symlink points outside the paths given to ingest"
    assert reasons["shadow.md"] == outside
    assert reasons["private"] == outside
    assert reasons["sneaky.md"] == outside
    assert reasons["z-alias.md"] == "same file as guide/install.md"  # followed, deduped
    assert reasons["guide-link"] == "same directory as guide"
    assert not any(SECRET in body for body in (await _bodies(fresh_board)).values())
    assert sorted(report.new) == ["guide/install.md"]


async def test_a_link_into_another_given_path_is_followed(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "glossary.md").write_text("# Glossary\n\nA blackboard is a shared store.\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "glossary.md").symlink_to(shared / "glossary.md")

    report = await ingest_paths(fresh_board, [docs, shared], "docs", settings=ingest_settings)

    assert not [s for s in report.skipped if "outside" in s.reason]
    assert any("shared store" in body for body in (await _bodies(fresh_board)).values())


async def test_a_nul_byte_after_the_probe_skips_that_file_and_the_run_goes_on(
    fresh_board: Board, tmp_path: Path, ingest_settings: IngestSettings
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-good.md").write_text("# Good\n\nThe first good file.\n")
    late_nul = "# Late\n\n" + "text line\n" * (BINARY_PROBE_BYTES // 10 + 50)
    (docs / "b-late-nul.md").write_bytes(late_nul.encode() + b"tail \x00 after the probe\n")
    (docs / "c-good.md").write_text("# Also good\n\nThe second good file.\n")

    report = await ingest_paths(fresh_board, [docs], "docs", settings=ingest_settings)

    reasons = _reasons([(s.label, s.reason) for s in report.skipped])
    assert reasons["b-late-nul.md"].startswith("binary file (NUL byte at offset ")
    assert int(reasons["b-late-nul.md"].split("offset ")[1].rstrip(")")) > BINARY_PROBE_BYTES
    assert sorted(report.new) == ["a-good.md", "c-good.md"]
    bodies = "\n".join((await _bodies(fresh_board)).values())
    assert "first good file" in bodies and "second good file" in bodies
