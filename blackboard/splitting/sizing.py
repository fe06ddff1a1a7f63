"""Cutting sections into chunks of at most ``chunk_size`` tokens, with their exact line ranges.

Prose goes through llama-index's ``SentenceSplitter`` (sentences and paragraphs kept together,
``chunk_overlap`` tokens shared between neighbours); its chunks are stripped substrings of the
input, so each is found again in its section to get its lines. Source code is packed by lines
instead (blank-line separated blocks first), so a chunk never cuts a line in half.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from blackboard.chunking import HEADING_SEPARATOR, Passage
from blackboard.splitting.sections import Section


@lru_cache(maxsize=8)
def sentence_splitter(chunk_size: int, chunk_overlap: int) -> Any:
    """A cached ``SentenceSplitter`` (llama-index is imported on first use only)."""
    from llama_index.core.node_parser import SentenceSplitter

    return SentenceSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)


def token_counter() -> Callable[[str], int]:
    """Counts tokens the way llama-index's splitters do."""
    from llama_index.core.utils import get_tokenizer

    tokenize = get_tokenizer()
    return lambda text: len(tokenize(text))


def heading_path(section: Section, fallback: str) -> str:
    """The section's headings joined by ``>``; ``fallback`` (the title) when it has none."""
    return HEADING_SEPARATOR.join(h for h in section.path if h) or fallback


def split_sections(
    sections: list[Section], fallback_heading: str, chunk_size: int, chunk_overlap: int
) -> list[Passage]:
    """Every section cut into sentence-aware chunks, each with its heading path and lines.

    The model reads ``heading path + chunk``, so the heading path counts against the chunk
    size, as llama-index does with metadata (``split_text_metadata_aware``); a heading path
    too long for that leaves the whole size to the text.
    """
    splitter = sentence_splitter(chunk_size, chunk_overlap)
    count = token_counter()
    passages: list[Passage] = []
    for section in sections:
        text = section.text
        path = heading_path(section, fallback_heading)
        if chunk_size - count(path) >= max(50, chunk_size // 2):
            chunks = splitter.split_text_metadata_aware(text, path)
        else:
            chunks = splitter.split_text(text)
        for chunk, start_line, end_line in locate(text, chunks):
            passages.append(
                Passage(chunk, path, section.start_line + start_line, section.start_line + end_line)
            )
    return passages


def locate(text: str, chunks: list[str]) -> Iterator[tuple[str, int, int]]:
    """(chunk, first line, last line) with 0-based lines relative to ``text``.

    Chunks come in order and may overlap, so each is searched from just after the previous
    one's start; a chunk the splitter rewrote (not found) gets the lines after the previous.
    """
    cursor = 0
    previous_end = 0
    for chunk in chunks:
        at = text.find(chunk, cursor)
        if at < 0:
            at = text.find(chunk)
        if at < 0:
            first = previous_end
            last = first + chunk.count("\n")
        else:
            first = text.count("\n", 0, at)
            last = first + chunk.count("\n")
            cursor = at + 1
        previous_end = last
        yield chunk, first, last


def pack_lines(text: str, title: str, chunk_size: int) -> list[Passage]:
    """Source code: whole lines packed up to ``chunk_size`` tokens, preferring blank-line breaks."""
    count = token_counter()
    lines = text.split("\n")
    passages: list[Passage] = []
    current: list[tuple[int, str]] = []
    current_tokens = 0
    for block in _blocks(lines):
        block_tokens = count("\n".join(line for _, line in block))
        if current and current_tokens + block_tokens > chunk_size:
            passages.append(_passage(current, title))
            current, current_tokens = [], 0
        if block_tokens <= chunk_size:
            current.extend(block)
            current_tokens += block_tokens
            continue
        for number, line in block:
            line_tokens = count(line)
            if current and current_tokens + line_tokens > chunk_size:
                passages.append(_passage(current, title))
                current, current_tokens = [], 0
            current.append((number, line))
            current_tokens += line_tokens
    if current:
        passages.append(_passage(current, title))
    return [p for p in passages if p.text.strip()]


def _blocks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Runs of lines ending at a blank line (the blank line closes its block)."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        block.append((number, line))
        if not line.strip():
            yield block
            block = []
    if block:
        yield block


def _passage(lines: list[tuple[int, str]], title: str) -> Passage:
    """A passage of numbered lines, leading and trailing blank lines trimmed."""
    while len(lines) > 1 and not lines[-1][1].strip():
        lines = lines[:-1]
    while len(lines) > 1 and not lines[0][1].strip():
        lines = lines[1:]
    return Passage("\n".join(line for _, line in lines), title, lines[0][0], lines[-1][0])
