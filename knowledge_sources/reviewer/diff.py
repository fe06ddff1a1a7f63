"""A pull request's diff cut into pieces a small model can review one at a time.

The unified diff (Gitea's ``.diff``) is parsed with ``unidiff``; each hunk becomes one or more
pieces of at most ``WINDOW_LINES`` added lines and ``budget`` characters. Only added lines can
carry a comment (``new_position`` is a line of the new file); a re-review keeps only the
lines that changed since the last reviewed head (``only``). Deleted and binary files, and
pieces past the review's ``max_pieces``, are skipped and named, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from unidiff.errors import UnidiffParseError
from unidiff.patch import PatchSet

WINDOW_LINES = 12
"""The most added lines one piece asks the model about."""


@dataclass(frozen=True)
class DiffLine:
    """One line of a hunk: ``+`` added, ``-`` removed, `` `` context; ``new``: its line number
    in the new file (``None`` for a removed line)."""

    kind: str
    text: str
    new: int | None


@dataclass(frozen=True)
class Piece:
    """Part of one hunk of one file, and the added lines a comment may be anchored on."""

    path: str
    section: str
    lines: tuple[DiffLine, ...]
    targets: tuple[DiffLine, ...]

    @property
    def first(self) -> int:
        return self.targets[0].new or 0

    @property
    def last(self) -> int:
        return self.targets[-1].new or 0

    @property
    def where(self) -> str:
        """``path`` and the line range, for the review's list of what it read or skipped."""
        span = str(self.first) if self.first == self.last else f"{self.first}-{self.last}"
        return f"{self.path} lines {span}"

    def shown(self) -> str:
        """The piece as the model reads it: line numbers of the new file, then the marker."""
        return "\n".join(
            f"{line.new if line.new is not None else '':>5} {line.kind} {line.text}"
            for line in self.lines
        )


@dataclass(frozen=True)
class Cut:
    """A diff in pieces, and what was left out (with why)."""

    pieces: list[Piece]
    skipped: list[str]


class DiffError(ValueError):
    """Gitea's diff could not be read as a unified diff."""


def cut(
    text: str,
    *,
    budget: int,
    max_pieces: int,
    only: Mapping[str, set[int]] | None = None,
) -> Cut:
    """``text`` in pieces of at most ``budget`` characters; ``only``: path -> the new line
    numbers worth reviewing (a re-review), files not in it are left out."""
    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise DiffError(f"the pull request's diff is not a unified diff: {exc}") from None
    pieces: list[Piece] = []
    skipped: list[str] = []
    for changed in patch:
        path = changed.path
        if only is not None and not only.get(path):
            continue
        if changed.is_binary_file:
            skipped.append(f"{path} (binary)")
            continue
        if changed.is_removed_file:
            skipped.append(f"{path} (deleted: nothing to comment on in the new version)")
            continue
        for hunk in changed:
            lines = [_line(raw) for raw in hunk]
            pieces += _windows(path, hunk.section_header, lines, budget, (only or {}).get(path))
    if len(pieces) > max_pieces:
        skipped += [
            f"{p.where} (over the review's {max_pieces} pieces)" for p in pieces[max_pieces:]
        ]
        pieces = pieces[:max_pieces]
    return Cut(pieces, skipped)


def _line(raw: object) -> DiffLine:
    kind = str(getattr(raw, "line_type", " "))
    number = getattr(raw, "target_line_no", None)
    text = str(getattr(raw, "value", "")).rstrip("\r\n")
    return DiffLine(kind, text, int(number) if kind != "-" and number is not None else None)


def _windows(
    path: str, section: str, lines: list[DiffLine], budget: int, wanted: set[int] | None
) -> list[Piece]:
    """The hunk's added lines in windows (at most half the budget each), each shown with up to
    three hunk lines before and after it; added lines outside the window show as context."""
    targets = [
        line
        for line in lines
        if line.kind == "+" and line.new is not None and (wanted is None or line.new in wanted)
    ]
    out: list[Piece] = []
    start = 0
    while start < len(targets):
        window = targets[start : start + WINDOW_LINES]
        while len(window) > 1 and _size(window) > budget // 2:
            window = window[:-1]
        first, last = lines.index(window[0]), lines.index(window[-1])
        lo, hi = max(first - 3, 0), min(last + 4, len(lines))
        shown = [
            _as_context(ln) if ln.kind == "+" and ln not in window else ln for ln in lines[lo:hi]
        ]
        out.append(Piece(path, section, tuple(shown), tuple(window)))
        start += len(window)
    return out


def _as_context(line: DiffLine) -> DiffLine:
    """An added line that is not asked about (reviewed before, or in another window)."""
    return DiffLine(" ", line.text, line.new)


def _size(lines: list[DiffLine]) -> int:
    return sum(len(line.text) + 9 for line in lines)
