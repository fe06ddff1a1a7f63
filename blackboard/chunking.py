"""Splitting an entry body into passages with line ranges (the board's plain default).

Ingest replaces this with a structure-aware markdown splitter; both produce ``Passage``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

HEADING_SEPARATOR = " > "
"""Joins a passage's headings into its heading path: ``Guide > Backups > Restore``."""


@dataclass(frozen=True)
class Passage:
    """A chunk before it is stored: text, heading path and 1-based inclusive lines."""

    text: str
    heading_path: str
    start_line: int
    end_line: int

    @property
    def content_hash(self) -> str:
        return content_hash(self.heading_path + "\n" + self.text)


class Chunker(Protocol):
    """Anything that turns a body into passages."""

    def __call__(self, body: str, title: str = "") -> list[Passage]: ...


def content_hash(text: str) -> str:
    """sha256 hex of ``text``: the identity of a chunk or file for incremental work."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _paragraphs(body: str) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each run of non-blank lines."""
    out: list[tuple[int, int, str]] = []
    run: list[str] = []
    first = 0
    for number, line in enumerate(body.splitlines(), start=1):
        if line.strip():
            if not run:
                first = number
            run.append(line)
        elif run:
            out.append((first, number - 1, "\n".join(run)))
            run = []
    if run:
        out.append((first, first + len(run) - 1, "\n".join(run)))
    return out


def split_paragraphs(body: str, title: str = "", max_chars: int = 1200) -> list[Passage]:
    """Pack paragraphs into passages of about ``max_chars``; the title is the heading path."""
    passages: list[Passage] = []
    texts: list[str] = []
    first = last = 0
    for start, end, text in _paragraphs(body):
        if texts and sum(len(t) for t in texts) + len(text) > max_chars:
            passages.append(Passage("\n\n".join(texts), title, first, last))
            texts = []
        if not texts:
            first = start
        texts.append(text)
        last = end
    if texts:
        passages.append(Passage("\n\n".join(texts), title, first, last))
    if not passages and title.strip():
        passages.append(Passage(title, title, 1, 1))
    return passages
