"""The AST-aware Python edit: a function, a method or a class replaced by its qualified name."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_sources.workbench.errors import WorkbenchError
from tests.workbench_support import SHAPES, make_workbench


async def test_a_method_is_replaced_by_its_qualified_name(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    new = "@property\ndef area(self):\n    return self.side**2\n"  # written at column 0
    result = await bench.replace_definition("pkg/shapes.py", "Square.area", new)
    assert result.ok, result.output
    text = (tmp_path / "pkg/shapes.py").read_text()
    assert text == SHAPES.replace("return self.side * 2", "return self.side**2")
    assert text.count("@property") == 1  # the decorator was part of the replaced lines
    assert "def area(width, height):" in text  # the module-level area is untouched


async def test_a_function_and_a_class_by_name(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    assert (
        await bench.replace_definition(
            "pkg/util.py", "add", "def add(n, m=0):\n    return TOTAL + n + m"
        )
    ).ok
    assert (
        (tmp_path / "pkg/util.py")
        .read_text()
        .endswith("def add(n, m=0):\n    return TOTAL + n + m\n")
    )
    square = "class Square:\n    side: int = 1\n"
    assert (await bench.replace_definition("pkg/shapes.py", "Square", square)).ok
    assert (
        (tmp_path / "pkg/shapes.py").read_text().endswith("\n\nclass Square:\n    side: int = 1\n")
    )


async def test_unknown_names_and_broken_sources_are_refused(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    with pytest.raises(
        WorkbenchError,
        match=r"no function or class 'Square.shrink'; defined: "
        r"Square, Square.__init__, Square.area, Square.grow, area",
    ):
        await bench.replace_definition("pkg/shapes.py", "Square.shrink", "def shrink(self): pass")
    with pytest.raises(WorkbenchError, match="the new definition does not parse"):
        await bench.replace_definition("pkg/shapes.py", "Square.grow", "def grow(self, by)\n  x")
    assert (tmp_path / "pkg/shapes.py").read_text() == SHAPES
