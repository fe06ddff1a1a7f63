"""A passage as whole sentences a note may quote: markdown blocks first, then sentences.

markdown-it finds the passage's leaf blocks by line (paragraphs, headings, code blocks, table
rows); a paragraph is cut into sentences by NLTK's Punkt tokenizer (its default parameters
plus the abbreviations technical prose uses), every other block stays whole. Each unit is the
passage's own text with its whitespace collapsed, so a quote made of units is always found in
the passage by ``verify`` and never ends inside a sentence or a code block.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from knowledge_sources.researcher.verify import MIN_QUOTE_CHARS, normalise

_LEAF_BLOCKS = {"paragraph_open", "heading_open", "fence", "code_block", "tr_open", "html_block"}
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "dr", "no", "fig", "approx"}


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@cache
def _punkt() -> PunktSentenceTokenizer:
    parameters = PunktParameters()
    parameters.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(parameters)


def sentences(text: str) -> list[str]:
    """The passage's units in order: sentences of its paragraphs, and its other blocks whole."""
    lines = text.split("\n")
    units: list[str] = []
    for token in _markdown().parse(text):
        if token.type not in _LEAF_BLOCKS or token.map is None:
            continue
        start, end = token.map
        block = "\n".join(lines[start:end])
        if token.type == "paragraph_open":
            units += prose_sentences(block)
        else:
            units.append(" ".join(block.split()))
    return [u for u in units if u]


def prose_sentences(text: str) -> list[str]:
    """The sentences of a run of prose, whitespace collapsed."""
    return [" ".join(s.split()) for s in _punkt().tokenize(text)]


def quote_from(text: str, units: list[str], index: int) -> str:
    """Unit ``index`` as a quote. A unit that introduces what follows (``Run:``) or is too short
    to check (a bare heading) takes the next units along, as long as the whole stays the
    passage's own words (a table's separator row, which is no unit, stops it)."""
    passage = normalise(text)
    quote = units[index]
    following = index + 1
    while following < len(units) and (quote.endswith(":") or len(quote) < MIN_QUOTE_CHARS):
        longer = f"{quote} {units[following]}"
        if normalise(longer) not in passage:
            break
        quote, following = longer, following + 1
    return quote
