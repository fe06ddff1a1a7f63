"""Rendering a verified draft (or an extractive one) as markdown with numbered citations."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge_sources.researcher.draft import Claim, Draft
from knowledge_sources.researcher.sentences import sentences
from knowledge_sources.researcher.sources import Source

EXTRACT_CHARS = 400
"""What an extractive claim quotes: whole sentences from the passage's start up to this many
characters (always at least one whole sentence, never a cut one)."""


def cited_sources(claims: Sequence[Claim], sources: Sequence[Source]) -> list[Source]:
    """The sources the claims cite, in order of first citation."""
    order: list[int] = []
    for claim in claims:
        if claim.source not in order:
            order.append(claim.source)
    return [sources[n - 1] for n in order]


def render_note(
    question: str,
    draft: Draft,
    sources: Sequence[Source],
    *,
    extractive: bool = False,
    question_entry: int | None = None,
    why: str = "",
) -> str:
    """Markdown: title, summary, cited claims, then the sources with their quotes.

    An ``extractive`` note says so first, with ``why`` no model answer could be used; a note
    written by choice says ``why`` the model could not write the answer, when it is known."""
    cited = cited_sources(draft.claims, sources)
    renumber = {s.number: i for i, s in enumerate(cited, start=1)}
    lines = [f"# {question}", ""]
    if extractive:
        because = _one_line(why) or "no reason recorded"
        lines += [
            f"> No usable answer came from the generation model ({because}), so this note is "
            "**extractive**: the most relevant passages on the board, quoted and cited, "
            "without a written answer.",
            "",
        ]
    elif why:
        lines += [
            f"> The model could not write the answer itself ({_one_line(why)}); the findings "
            "are the passages and sentences it chose, quoted whole.",
            "",
        ]
    lines += [draft.summary.strip(), ""]
    if draft.claims:
        lines += ["## Findings", ""]
        lines += [
            f"- {_without_heading_marks(c.text)} [{renumber[c.source]}]" for c in draft.claims
        ]
        lines.append("")
    lines += ["## Sources", ""]
    for claim_source in cited:
        number = renumber[claim_source.number]
        hit = claim_source.hit
        lines.append(
            f"{number}. **{hit.title}**: `{claim_source.location}` "
            f"(board entry {hit.entry_id}, chunk {hit.chunk_id})"
        )
        for claim in draft.claims:
            if claim.source == claim_source.number:
                lines.append(f'   > "{claim.quote.strip()}"')
    if question_entry is not None:
        lines += ["", f"_Answers board entry {question_entry}._"]
    return "\n".join(lines).rstrip() + "\n"


_HEADING_MARK = re.compile(r"(^|(?<=\s))#{1,6}\s+")


def _without_heading_marks(text: str) -> str:
    """A finding as prose: the ``## `` of a heading it quotes dropped (the citation keeps the
    passage's exact words)."""
    return _HEADING_MARK.sub("", text.strip())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def extractive_draft(sources: Sequence[Source], limit: int = 5) -> Draft:
    """A draft made only of the best passages: each claim quotes its source's first whole
    sentences (up to ``EXTRACT_CHARS``)."""
    claims: list[Claim] = []
    for source in sources[:limit]:
        quote = leading_sentences(source.hit.text, EXTRACT_CHARS)
        if len(quote) >= 12:
            claims.append(
                Claim(text=f"{source.hit.title}: {quote}", source=source.number, quote=quote)
            )
    summary = (
        "The passages below are the board's closest matches to the question."
        if claims
        else "The board holds no passage that matches this question yet."
    )
    return Draft(summary=summary, claims=claims)


def leading_sentences(text: str, budget: int) -> str:
    """The passage's first whole sentences that fit in ``budget`` characters (at least one)."""
    kept: list[str] = []
    for unit in sentences(text):
        if kept and len(" ".join([*kept, unit])) > budget:
            break
        kept.append(unit)
    return " ".join(kept)
