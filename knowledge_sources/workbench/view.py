"""Viewing a window of a file with numbered lines, the way the agent reads code before editing."""

from __future__ import annotations

from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.text import read_text, split_lines
from knowledge_sources.workbench.workspace import Workspace

MAX_WINDOW_LINES = 400


def view_window(workspace: Workspace, path: str, start: int = 1, count: int = 100) -> str:
    """Lines ``start``.. ``start + count - 1`` of ``path``, each prefixed by its number."""
    if start < 1 or count < 1:
        raise WorkbenchError("start and count must be at least 1")
    lines = [line.rstrip("\r\n") for line in split_lines(read_text(workspace.existing_file(path)))]
    total = len(lines)
    if total and start > total:
        raise WorkbenchError(f"{path} has {total} lines; start at or before line {total}")
    end = min(total, start - 1 + min(count, MAX_WINDOW_LINES))
    width = len(str(max(end, 1)))
    body = [f"{n:>{width}}| {lines[n - 1]}" for n in range(start, end + 1)]
    header = f"{path} lines {start}-{end} of {total}"
    return "\n".join([header, *body])
