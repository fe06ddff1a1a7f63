"""Line-range edits: insert lines before a line, or replace an inclusive range of lines."""

from __future__ import annotations

from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.text import split_lines


def _as_lines(content: str) -> list[str]:
    if not content:
        return []
    return split_lines(content if content.endswith("\n") else content + "\n")


def insert_lines(text: str, before_line: int, content: str) -> str:
    """``content`` inserted so that its first line becomes line ``before_line`` (1-based).

    ``before_line`` one past the last line appends at the end.
    """
    lines = split_lines(text)
    if not 1 <= before_line <= len(lines) + 1:
        raise WorkbenchError(f"before_line must be between 1 and {len(lines) + 1}")
    if lines and before_line == len(lines) + 1 and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines[: before_line - 1] + _as_lines(content) + lines[before_line - 1 :])


def replace_lines(text: str, first: int, last: int, content: str) -> str:
    """Lines ``first``..``last`` (1-based, inclusive) replaced by ``content`` (empty: deleted)."""
    lines = split_lines(text)
    if not 1 <= first <= last <= len(lines):
        raise WorkbenchError(
            f"line range {first}-{last} is outside the file's 1-{len(lines)}; view it first"
        )
    return "".join(lines[: first - 1] + _as_lines(content) + lines[last:])
