"""Exact search/replace: the old text must occur exactly once in the file, else a clear error.

Zero matches name the closest line so the agent can copy the text exactly; several matches list
every line number so the agent can add surrounding lines to make the old text unique.
"""

from __future__ import annotations

import difflib

from knowledge_sources.workbench.errors import MatchError
from knowledge_sources.workbench.text import line_number_at, split_lines


def _occurrences(text: str, old: str) -> list[int]:
    offsets: list[int] = []
    start = text.find(old)
    while start != -1:
        offsets.append(start)
        start = text.find(old, start + 1)
    return offsets


def _closest_line(text: str, old: str) -> str:
    first = old.strip().splitlines()[0] if old.strip() else old
    lines = [line.rstrip("\r\n") for line in split_lines(text)]
    close = difflib.get_close_matches(first, lines, n=1, cutoff=0.6)
    if not close:
        return ""
    number = lines.index(close[0]) + 1
    return f"; the closest line is {number}: {close[0].strip()!r}"


def replace_exactly_once(text: str, old: str, new: str, *, path: str) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new``."""
    if not old:
        raise MatchError("old text is empty; give the exact text to replace")
    offsets = _occurrences(text, old)
    if not offsets:
        raise MatchError(
            f"old text not found in {path} (0 matches){_closest_line(text, old)}; "
            "copy it exactly, whitespace included, from a view of the file"
        )
    if len(offsets) > 1:
        lines = ", ".join(str(line_number_at(text, offset)) for offset in offsets)
        raise MatchError(
            f"old text occurs {len(offsets)} times in {path} (at lines {lines}); "
            "include more surrounding lines so it occurs exactly once"
        )
    at = offsets[0]
    return text[:at] + new + text[at + len(old) :]
