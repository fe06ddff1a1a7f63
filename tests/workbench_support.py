"""A small workspace for the workbench tests: a Python package, a config file, a .gitignore."""

from __future__ import annotations

from pathlib import Path

from knowledge_sources.workbench.gate import Gate
from knowledge_sources.workbench.workbench import Workbench
from knowledge_sources.workbench.workspace import Workspace

SHAPES = '''\
"""Shapes."""


def area(width, height):
    return width * height


class Square:
    def __init__(self, side):
        self.side = side

    @property
    def area(self):
        return self.side * 2

    def grow(self, by):
        self.side += by
        return self.side
'''

FILES = {
    "pkg/__init__.py": "",
    "pkg/shapes.py": SHAPES,
    "pkg/util.py": "TOTAL = 0\nTOTAL = 0\n\n\ndef add(n):\n    return TOTAL + n\n",
    "config.json": '{"name": "demo", "size": 3}\n',
    "config.yaml": "name: demo\nitems:\n  - a\n  - b\n",
    "pyproject.toml": '[project]\nname = "demo"\n',
    "README.md": "# Demo\n\nSquare area is computed in pkg/shapes.py.\n",
    ".gitignore": "build/\n",
    "build/out.py": "def area(): pass\n",
}


def make_workspace(root: Path) -> Workspace:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return Workspace(root)


def make_workbench(root: Path, gate: Gate | None = None) -> Workbench:
    return Workbench(make_workspace(root), gate or Gate())
