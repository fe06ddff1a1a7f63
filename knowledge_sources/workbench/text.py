"""Reading and writing workspace files as UTF-8 text, bytes kept as they are (line endings too)."""

from __future__ import annotations

from pathlib import Path

from knowledge_sources.workbench.errors import WorkbenchError

MAX_FILE_BYTES = 2_000_000


def read_text(path: Path) -> str:
    """The file's text; refuses binary, non-UTF-8 and oversized files with a clear message."""
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise WorkbenchError(f"{path.name} is {len(data)} bytes, over the {MAX_FILE_BYTES} limit")
    if b"\0" in data:
        raise WorkbenchError(f"{path.name} is a binary file; the text tools cannot edit it")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WorkbenchError(f"{path.name} is not UTF-8 text ({error.reason})") from error


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8, creating parent directories."""
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise WorkbenchError(f"the new text is {len(data)} bytes, over the {MAX_FILE_BYTES} limit")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def split_lines(text: str) -> list[str]:
    """``text``'s lines with their ``\\n`` kept; only ``\\n`` ends a line (a form feed or a
    Unicode line separator inside a line stays in it, unlike ``str.splitlines``)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def line_number_at(text: str, offset: int) -> int:
    """The 1-based line number of character ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1
