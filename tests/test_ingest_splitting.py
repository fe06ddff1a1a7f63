"""Structure-aware splitting: heading paths, exact line ranges, fences, rst titles, code packs."""

from __future__ import annotations

from blackboard.chunking import Passage
from blackboard.services.documents import markdown_chunker
from blackboard.splitting import Format, SplitOptions, document_title, split_document
from blackboard.splitting.sizing import locate
from ingest.formats import detect_format
from tests.test_ingest_support import FIXTURE


def assert_lines_hold_text(text: str, passages: list[Passage]) -> None:
    """Every passage's text lies within its own 1-based line range of ``text``."""
    lines = text.split("\n")
    for passage in passages:
        assert 1 <= passage.start_line <= passage.end_line <= len(lines), passage
        window = "\n".join(lines[passage.start_line - 1 : passage.end_line])
        assert passage.text in window, (passage, window)
        assert lines[passage.start_line - 1].strip(), passage
        assert lines[passage.end_line - 1].strip(), passage


def test_markdown_heading_paths_and_lines() -> None:
    text = (FIXTURE / "guide" / "install.md").read_text()
    passages = split_document(text, Format.MARKDOWN, "install.md")
    paths = [p.heading_path for p in passages]
    assert paths == [
        "Installing Lighthouse",
        "Installing Lighthouse > Linux",
        "Installing Lighthouse > Windows",
        "Installing Lighthouse > Upgrading",
    ]
    assert_lines_hold_text(text, passages)
    linux = passages[1]
    assert "port 3917" in linux.text
    assert "sudo systemctl enable" in linux.text, "a # line inside a code fence is no heading"
    assert text.split("\n")[linux.start_line - 1] == "## Linux"
    assert document_title(text, Format.MARKDOWN) == "Installing Lighthouse"


def test_long_section_splits_into_overlapping_chunks_with_exact_lines() -> None:
    text = (FIXTURE / "guide" / "configure.md").read_text()
    options = SplitOptions(chunk_size=80, chunk_overlap=10)
    passages = split_document(text, Format.MARKDOWN, "configure.md", options)
    settings = [p for p in passages if p.heading_path == "Configuration > Settings reference"]
    assert len(settings) >= 4
    assert_lines_hold_text(text, passages)
    assert [p.start_line for p in settings] == sorted(p.start_line for p in settings)


def test_heading_only_section_merges_into_the_next_and_setext_headings_count() -> None:
    text = "# Title\n\n## Part\n\nBody of part.\n\nOther\n-----\n\nMore words.\n"
    passages = split_document(text, Format.MARKDOWN, "t.md")
    assert [(p.heading_path, p.start_line, p.end_line) for p in passages] == [
        ("Title > Part", 1, 5),
        ("Title > Other", 7, 10),
    ]


def test_preamble_without_heading_uses_the_title() -> None:
    passages = split_document("Just a paragraph.\n", Format.MARKDOWN, "notes/plain.md")
    assert [(p.heading_path, p.text, p.start_line) for p in passages] == [
        ("notes/plain.md", "Just a paragraph.", 1)
    ]


def test_rst_titles_levels_by_adornment_order() -> None:
    text = (FIXTURE / "ops" / "backup.rst").read_text()
    passages = split_document(text, Format.RST, "backup.rst")
    assert [p.heading_path for p in passages] == [
        "Backups",
        "Backups > Schedule",
        "Backups > Restore",
    ]
    assert_lines_hold_text(text, passages)
    assert document_title(text, Format.RST) == "Backups"


def test_code_is_packed_by_whole_lines() -> None:
    body = "import os\n\n\n" + "\n".join(f"value_{i} = compute({i}, {i * 2})" for i in range(200))
    passages = split_document(body, Format.CODE, "src/values.py", SplitOptions(chunk_size=64))
    assert len(passages) > 5
    assert_lines_hold_text(body, passages)
    lines = body.split("\n")
    for passage in passages:
        assert passage.text == "\n".join(lines[passage.start_line - 1 : passage.end_line])
    covered = sorted({n for p in passages for n in range(p.start_line, p.end_line + 1)})
    assert [n for n, line in enumerate(lines, 1) if line.strip()] == [
        n for n in covered if lines[n - 1].strip()
    ]


def test_locate_handles_overlap_and_repeats() -> None:
    text = "alpha beta\ngamma delta\nalpha beta\nepsilon"
    found = list(
        locate(text, ["alpha beta\ngamma", "gamma delta\nalpha beta", "alpha beta\nepsilon"])
    )
    assert [(a, b) for _, a, b in found] == [(0, 1), (1, 2), (2, 3)]


def test_formats_by_name() -> None:
    from pathlib import PurePath

    assert detect_format(PurePath("a/b.MD")).format is Format.MARKDOWN  # type: ignore[union-attr]
    py = detect_format(PurePath("x.py"))
    assert py is not None and (py.format, py.language) == (Format.CODE, "python")
    assert detect_format(PurePath("Makefile")) is not None
    assert detect_format(PurePath("logo.png")) is None
    assert detect_format(PurePath("a.adoc"), [".adoc"]) is not None


def test_the_chunker_for_agents_notes_gives_a_blank_body_its_title() -> None:
    chunk = markdown_chunker(SplitOptions(200, 20))
    assert [(p.text, p.heading_path) for p in chunk("", "Plan for the release")] == [
        ("Plan for the release", "Plan for the release")
    ]
    notes = chunk("# Plan\n\n## Steps\n\nTag it.\n", "Plan")
    assert [p.heading_path for p in notes] == ["Plan > Steps"]
