"""Structure-aware splitting of a document into passages (text, heading path, line range).

The board's one splitter: ingest cuts files with it, and the document service
(``blackboard.services.documents``) cuts documents posted through the API, agents' notes and
fetched web pages. ``split_document`` picks the splitter by format: markdown and
reStructuredText are cut at their headings and then into sentence-aware chunks; plain text only
into chunks; source code into packs of whole lines. ``document_title`` finds a document's own
title (its first top heading).
"""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.chunking import Chunker, Passage
from blackboard.splitting.format import Format
from blackboard.splitting.rst import raw_rst_sections, rst_title
from blackboard.splitting.sections import (
    Section,
    markdown_title,
    merge_heading_only,
    raw_markdown_sections,
)
from blackboard.splitting.sizing import pack_lines, split_sections

__all__ = ["Format", "SplitOptions", "chunker_for", "document_title", "split_document"]


@dataclass(frozen=True)
class SplitOptions:
    """Chunk size and overlap in tokens."""

    chunk_size: int = 200
    chunk_overlap: int = 20

    @property
    def signature(self) -> str:
        """``size/overlap``: stored with each ingested entry, so a change re-splits it."""
        return f"{self.chunk_size}/{self.chunk_overlap}"


def _raw_sections(text: str, fmt: Format) -> list[Section]:
    if fmt is Format.MARKDOWN:
        return raw_markdown_sections(text)
    if fmt is Format.RST:
        return raw_rst_sections(text)
    lines = text.split("\n")
    return [Section((), 1, lines)]


def document_title(text: str, fmt: Format) -> str | None:
    """The document's first top-level heading (markdown or rst), if it has one."""
    if fmt is Format.MARKDOWN:
        return markdown_title(raw_markdown_sections(text))
    if fmt is Format.RST:
        return rst_title(raw_rst_sections(text))
    return None


def split_document(
    text: str, fmt: Format, title: str, options: SplitOptions = SplitOptions()
) -> list[Passage]:
    """``text`` as passages; chunks without headings get ``title`` as their heading path."""
    if fmt is Format.CODE:
        return pack_lines(text, title, options.chunk_size)
    sections = merge_heading_only(_raw_sections(text, fmt))
    return split_sections(sections, title, options.chunk_size, options.chunk_overlap)


def chunker_for(fmt: Format, options: SplitOptions = SplitOptions()) -> Chunker:
    """A ``blackboard.chunking.Chunker`` for ``fmt`` (what ``EntryService`` accepts)."""

    def chunk(body: str, title: str = "") -> list[Passage]:
        return split_document(body, fmt, title, options)

    return chunk
