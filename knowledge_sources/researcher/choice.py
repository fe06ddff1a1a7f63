"""The note by constrained choice, the path for models too small to write a structured draft.

For each candidate passage, in search order: a yes/no "does this passage answer the
question?"; for a yes, which of its sentences (by number, ``sentences.py``) answers best; the
note quotes that whole sentence (with what it announces, ``Run:`` and its command; a bare
heading with the sentence after it). Then at
most a short summary, bounded in tokens and cut back to whole sentences. Every decision is a
``choose`` among fixed options, so a small model cannot wander off the schema, and every
quote is the passage's own text, so it always verifies. When no passage gets a yes, the best
ranked one is quoted all the same and the summary says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge_sources.models.choices import pick_number, yes_no
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.prompts.origins import hit_origin
from knowledge_sources.researcher.asked import MODEL_WRITTEN, Asked
from knowledge_sources.researcher.draft import Claim, Draft
from knowledge_sources.researcher.sentences import prose_sentences, quote_from, sentences
from knowledge_sources.researcher.sources import Source

CANDIDATES = 6
"""Passages judged per note (the first ones in search order)."""
OFFERED_SENTENCES = 20
"""Sentences offered by number per passage (a chunk rarely holds more)."""
PASSAGE_CHARS = 1500
SUMMARY_TOKENS = 80
SUMMARY_CHARS = 400
NO_ANSWER = (
    "No passage on the board was judged to answer the question; the closest one is quoted below."
)
QUOTED = "The passages below answer the question; each quote is the source's own words."


async def choice_draft(
    model: ModelProvider, asked: Asked, sources: Sequence[Source], personality: str
) -> Draft:
    """A draft whose claims are whole sentences picked by constrained choice."""
    candidates = [(s, units) for s in sources[:CANDIDATES] if (units := sentences(s.hit.text))]
    claims: list[Claim] = []
    for source, units in candidates:
        if await _answers(model, asked, source, personality):
            claims.append(await _pick(model, asked, source, units, personality))
    if not claims and candidates:
        source, units = candidates[0]
        claim = await _pick(model, asked, source, units, personality)
        return Draft(summary=NO_ANSWER, claims=[claim])
    if not claims:
        return Draft(summary="The board holds no passage that matches this question yet.")
    summary = await _summary(model, asked, claims, personality)
    return Draft(summary=summary or QUOTED, claims=claims)


async def _answers(model: ModelProvider, asked: Asked, source: Source, personality: str) -> bool:
    fence = Fence()
    passage = fence.wrap(
        source.hit.text[:PASSAGE_CHARS], source=hit_origin(source.hit), label="passage"
    )
    return await yes_no(
        model,
        f"{asked.fenced(fence)}\n\nPassage:\n{passage}\n\nDoes this passage answer the question?",
        system=fence.system(personality),
    )


async def _pick(
    model: ModelProvider, asked: Asked, source: Source, units: list[str], personality: str
) -> Claim:
    offered = units[:OFFERED_SENTENCES]
    fence = Fence()
    numbered = "\n".join(f"{n}. {unit}" for n, unit in enumerate(offered, start=1))
    listing = fence.wrap(numbered, source=hit_origin(source.hit), label="numbered sentences")
    number = await pick_number(
        model,
        f"{asked.fenced(fence)}\n\nSentences:\n{listing}\n\n"
        "Which sentence answers the question best? Answer with its number.",
        len(offered),
        system=fence.system(personality),
    )
    quote = quote_from(source.hit.text, units, number - 1)
    return Claim(text=f"{source.hit.title}: {quote}", source=source.number, quote=quote)


async def _summary(
    model: ModelProvider, asked: Asked, claims: list[Claim], personality: str
) -> str:
    fence = Fence()
    quotes = fence.wrap(
        "\n".join(f"- {c.quote}" for c in claims), source=MODEL_WRITTEN, label="quotes"
    )
    text = await model.generate(
        f"{asked.fenced(fence)}\n\nQuotes:\n{quotes}\n\n"
        "Answer the question in one or two short sentences, using only these quotes.",
        system=fence.system(personality),
        max_tokens=SUMMARY_TOKENS,
    )
    return bounded_summary(text)


def bounded_summary(text: str) -> str:
    """At most ``SUMMARY_CHARS`` of whole sentences (a summary cut by the token cap loses its
    unfinished last sentence); empty when not even one sentence is complete."""
    flat = " ".join(text.split())
    kept: list[str] = []
    for sentence in prose_sentences(flat):
        if (
            not sentence.endswith((".", "!", "?"))
            or len(" ".join([*kept, sentence])) > SUMMARY_CHARS
        ):
            break
        kept.append(sentence)
    return " ".join(kept)
