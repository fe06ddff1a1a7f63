"""A directory inside a git work tree is walked with the ``.gitignore`` files above it (as git
would), up to the work tree's top; outside a work tree, or when those rules ignore the
directory named itself, only its own rules count."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.walk import walk
from tests.test_ingest_support import default_ingest_settings


def _docs_tree(top: Path, ignore: str) -> Path:
    docs = top / "project" / "docs"
    (docs / "build").mkdir(parents=True)
    (top / "project" / ".gitignore").write_text(ignore)
    (docs / "guide.md").write_text("# Guide\n\nRead me.\n")
    (docs / "notes.draft.md").write_text("# Draft\n\nNot yet.\n")
    (docs / "build" / "out.md").write_text("# Built\n\nGenerated.\n")
    return docs


def _found(docs: Path) -> list[str]:
    return sorted(f.relpath for f in walk(docs, default_ingest_settings()).files)


def test_the_work_tree_gitignore_applies_to_a_subdirectory(tmp_path: Path) -> None:
    docs = _docs_tree(tmp_path, "*.draft.md\nbuild/\n")
    (tmp_path / "project" / ".git").mkdir()
    result = walk(docs, default_ingest_settings())
    assert sorted(f.relpath for f in result.files) == ["guide.md"]
    assert result.excluded == 2


def test_gitignore_files_above_a_work_tree_do_not_apply(tmp_path: Path) -> None:
    docs = _docs_tree(tmp_path, "*.draft.md\nbuild/\n")
    (tmp_path / "project" / ".git").mkdir()
    (docs / ".git").mkdir()  # docs is a work tree of its own: project's rules are outside it
    assert _found(docs) == ["build/out.md", "guide.md", "notes.draft.md"]


def test_gitignore_files_outside_any_work_tree_do_not_apply(tmp_path: Path) -> None:
    if any((parent / ".git").exists() for parent in tmp_path.parents):
        pytest.skip("the temporary directory lies inside a git work tree on this machine")
    docs = _docs_tree(tmp_path, "*.draft.md\nbuild/\n")
    assert _found(docs) == ["build/out.md", "guide.md", "notes.draft.md"]


def test_a_directory_the_work_tree_ignores_is_walked_when_named(tmp_path: Path) -> None:
    docs = _docs_tree(tmp_path, "docs/\n")
    (tmp_path / "project" / ".git").mkdir()
    assert _found(docs) == ["build/out.md", "guide.md", "notes.draft.md"]
