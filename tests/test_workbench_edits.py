"""The workbench's edit tools on a real directory: view, search, exact search/replace, line
ranges, create/delete, undo, and paths confined to the workspace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge_sources.workbench.errors import MatchError, PathEscapeError, WorkbenchError
from knowledge_sources.workbench.workspace import Workspace
from tests.workbench_support import SHAPES, make_workbench


def test_view_numbers_the_lines_of_a_window(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    out = bench.view("pkg/shapes.py", start=8, count=3).output
    assert out.splitlines() == [
        "pkg/shapes.py lines 8-10 of 18",
        " 8| class Square:",
        " 9|     def __init__(self, side):",
        "10|         self.side = side",
    ]
    with pytest.raises(WorkbenchError, match="has 18 lines"):
        bench.view("pkg/shapes.py", start=40)


def test_search_is_bounded_and_skips_ignored_files(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    out = bench.search("area").output.splitlines()
    assert "pkg/shapes.py:4: def area(width, height):" in out
    assert "README.md:3: Square area is computed in pkg/shapes.py." in out
    assert not any(line.startswith("build/") for line in out)  # .gitignore'd
    py_only = bench.search(r"def \w+\(self", regex=True, glob="*.py").output.splitlines()
    assert py_only == [
        "pkg/shapes.py:9:     def __init__(self, side):",
        "pkg/shapes.py:13:     def area(self):",
        "pkg/shapes.py:16:     def grow(self, by):",
    ]
    for n in range(80):
        (tmp_path / f"many{n:02}.txt").write_text("needle\n")
    many = bench.search("needle").output.splitlines()
    assert len(many) == 51
    assert many[-1].startswith("... stopped after 50 hits")


async def test_search_replace_with_zero_matches_fails_clearly(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    with pytest.raises(MatchError) as caught:
        await bench.search_replace("pkg/shapes.py", "return self.side * 3", "x")
    message = str(caught.value)
    assert "0 matches" in message
    assert "closest line is 14: 'return self.side * 2'" in message
    assert (tmp_path / "pkg/shapes.py").read_text() == SHAPES
    assert bench.journal.entries == []


async def test_search_replace_with_two_matches_lists_them(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    with pytest.raises(MatchError, match=r"occurs 2 times in pkg/util.py \(at lines 1, 2\)"):
        await bench.search_replace("pkg/util.py", "TOTAL = 0", "TOTAL = 1")
    result = await bench.search_replace("pkg/util.py", "TOTAL = 0\nTOTAL = 0", "TOTAL = 1")
    assert result.ok, result.output
    assert (tmp_path / "pkg/util.py").read_text().startswith("TOTAL = 1\n\n\ndef add")


async def test_line_ranges_and_undo_in_reverse_order(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    util = tmp_path / "pkg/util.py"
    original = util.read_text()
    assert (await bench.replace_lines("pkg/util.py", 1, 2, "TOTAL = 5")).ok
    assert (await bench.insert_lines("pkg/util.py", 1, '"""Utilities."""\n')).ok
    assert util.read_text().splitlines()[:2] == ['"""Utilities."""', "TOTAL = 5"]
    assert (await bench.insert_lines("pkg/util.py", 7, "\n\nLAST = 1")).ok
    assert util.read_text().endswith("    return TOTAL + n\n\n\nLAST = 1\n")
    with pytest.raises(WorkbenchError, match="outside the file's 1-9"):
        await bench.replace_lines("pkg/util.py", 8, 12, "")
    for _ in range(3):
        assert (await bench.undo()).ok
    assert util.read_text() == original
    with pytest.raises(WorkbenchError, match="nothing to undo"):
        await bench.undo()


async def test_create_and_delete_are_undoable(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    assert (await bench.create_file("pkg/extra/new.py", "X = 1\n")).ok
    assert (tmp_path / "pkg/extra/new.py").read_text() == "X = 1\n"
    with pytest.raises(WorkbenchError, match="exists already"):
        await bench.create_file("pkg/extra/new.py", "Y = 2\n")
    assert (await bench.delete_file("README.md")).ok
    assert not (tmp_path / "README.md").exists()
    await bench.undo()
    assert (tmp_path / "README.md").read_text().startswith("# Demo")
    await bench.undo()
    assert not (tmp_path / "pkg/extra").exists()  # the folder it created went with it
    assert (tmp_path / "pkg/shapes.py").exists()


async def test_paths_cannot_leave_the_workspace(tmp_path: Path) -> None:
    inside, outside = tmp_path / "ws", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    (outside / "secret.py").write_text("KEY = 1\n")
    bench = make_workbench(inside)
    os.symlink(outside, inside / "link")
    os.symlink(outside / "secret.py", inside / "pkg/secret.py")
    for bad in ("../outside/secret.py", "/etc/passwd", "pkg/../../outside/secret.py"):
        with pytest.raises(PathEscapeError):
            bench.view(bad)
    for bad in ("link/secret.py", "pkg/secret.py"):
        with pytest.raises(PathEscapeError, match="outside the workspace"):
            await bench.search_replace(bad, "KEY = 1", "KEY = 2")
    with pytest.raises(PathEscapeError, match="outside the workspace"):
        await bench.create_file("link/new.py", "X = 1\n")
    with pytest.raises(PathEscapeError, match=r"the \.git directory is off limits"):
        await bench.create_file(".git/hooks/pre-commit", "#!/bin/sh\n")
    assert (outside / "secret.py").read_text() == "KEY = 1\n"
    assert sorted(p.name for p in outside.iterdir()) == ["secret.py"]


async def test_only_newlines_end_lines(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    odd = tmp_path / "odd.txt"
    odd.write_text("one\fstill one\u2028same\ntwo\r\nthree\n")
    assert bench.view("odd.txt").output.splitlines()[0] == "odd.txt lines 1-3 of 3"
    assert bench.search("three").output == "odd.txt:3: three"
    assert (await bench.replace_lines("odd.txt", 2, 2, "TWO")).ok
    assert odd.read_bytes() == "one\fstill one\u2028same\nTWO\nthree\n".encode()


def test_a_workspace_must_be_a_directory(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="is not a directory"):
        Workspace(tmp_path / "missing")
