"""The Neovim Ex tool: unavailable without an nvim binary, edits with Ex commands where Neovim
is installed, and refuses commands that are not text edits (shell, writes, expressions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.neovim_ex import (
    NeovimUnavailableError,
    check_ex_command,
    nvim_binary,
)
from tests.workbench_support import make_workbench


async def test_reports_unavailable_without_neovim(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    bench.nvim = str(tmp_path / "no-such-nvim")
    with pytest.raises(NeovimUnavailableError, match="the Neovim tool is unavailable"):
        await bench.neovim_ex("pkg/util.py", ["%s/TOTAL/SUM/g"])
    assert bench.journal.entries == []


@pytest.mark.parametrize(
    "command",
    ["!rm -rf /", "w /tmp/x", "%s/a/\\=system('id')/", "s/a/b/ | !id", "r /etc/passwd",
     "g/x/!id", "g/x/w /tmp/y", "call system('id')", "lua os.exit()", "d!", "s/a/b/\r!id"],
)  # fmt: skip
def test_refuses_commands_that_are_not_text_edits(command: str) -> None:
    with pytest.raises(WorkbenchError):
        check_ex_command(command)


@pytest.mark.parametrize(
    "command",
    ["%s/a/b/g", ":g/^#/d", "v/x/d", "1,3d", "'a,'bm$", "/def/,/return/s/x/y/e", "g!/x/d"],
)
def test_accepts_text_edits(command: str) -> None:
    check_ex_command(command)


@pytest.mark.skipif(nvim_binary() is None, reason="neovim not installed (apt install neovim)")
async def test_edits_with_ex_commands_where_neovim_is_installed(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    util = tmp_path / "pkg/util.py"
    result = await bench.neovim_ex("pkg/util.py", ["%s/TOTAL/SUM/g", "2d"])
    assert result.ok, result.output
    assert util.read_text() == "SUM = 0\n\n\ndef add(n):\n    return SUM + n\n"
    broken = await bench.neovim_ex("pkg/util.py", ["%s/(n):/(n)/"])
    assert not broken.ok and "refused, the file would not parse" in broken.output
    with pytest.raises(WorkbenchError, match="Neovim refused the commands"):
        await bench.neovim_ex("pkg/util.py", ["s/NOT THERE/x/"])
    assert util.read_text() == "SUM = 0\n\n\ndef add(n):\n    return SUM + n\n"
    await bench.undo()
    assert util.read_text().startswith("TOTAL = 0\nTOTAL = 0\n")
