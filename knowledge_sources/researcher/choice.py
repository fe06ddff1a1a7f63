"""The note by constrained choice, the path for models too small to write a structured draft.

For each candidate passage, in search order: a yes/no "does this passage answer the
question?"; for a yes, which of its sentences (by number, ``sentences.py``) answers best; the
note quotes that whole sentence (with what it announces, ``Run:`` and its command; a bare
heading with the sentence after it). Then at
most a short summary, bounded in tokens and cut back to whole sentences. Every decision is a
``choose`` among fixed options, so a small model cannot wander off the schema, and every
quote is the passage's own text, so it always verifies. When no passage gets a yes, the best
ranked one is quoted all the same and the summary says so. The prompts are the patterns
``researcher_judge``, ``researcher_pick`` and ``researcher_summary``. Each yes/no and each
sentence picked is recorded as a ``Choice`` (options and reason) for the note's
``meta.decisions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge_sources.decisions import Choice
from knowledge_sources.models.choices import pick_number, yes_no
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Pattern, Patterns
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.prompts.origins import hit_origin
from knowledge_sources.researcher.asked import MODEL_WRITTEN, Asked
from knowledge_sources.researcher.draft import Claim, Draft
from knowledge_sources.researcher.sentences import prose_sentences, quote_from, sentences
from knowledge_sources.researcher.sources import Source

CHOICE_PATTERNS = ("researcher_judge", "researcher_pick", "researcher_summary")
SHIPPED = Patterns()
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
    model: ModelProvider,
    asked: Asked,
    sources: Sequence[Source],
    personality: str,
    patterns: Patterns = SHIPPED,
    decisions: list[Choice] | None = None,
) -> Draft:
    """A draft whose claims are whole sentences picked by constrained choice; each choice is
    appended to ``decisions`` when given."""
    persona = _Persona(model, personality, patterns, decisions if decisions is not None else [])
    candidates = [(s, units) for s in sources[:CANDIDATES] if (units := sentences(s.hit.text))]
    claims: list[Claim] = []
    for source, units in candidates:
        if await persona.answers(asked, source):
            claims.append(await persona.pick(asked, source, units))
    if not claims and candidates:
        source, units = candidates[0]
        claim = await persona.pick(asked, source, units)
        return Draft(summary=NO_ANSWER, claims=[claim])
    if not claims:
        return Draft(summary="The board holds no passage that matches this question yet.")
    summary = await persona.summary(asked, claims)
    return Draft(summary=summary or QUOTED, claims=claims)


@dataclass(frozen=True)
class _Persona:
    """The model, the soul's personality and the patterns every choice step prompts with."""

    model: ModelProvider
    personality: str
    patterns: Patterns
    decisions: list[Choice] = field(default_factory=list)

    def system(self, fence: Fence, name: str) -> tuple[str, Pattern]:
        """The system prompt of pattern ``name`` (personality, pattern, fence rule)."""
        pattern = self.patterns.get(name)
        return fence.system(pattern.with_personality(self.personality)), pattern

    async def answers(self, asked: Asked, source: Source) -> bool:
        """Yes/no: does this passage answer the question?"""
        fence = Fence()
        system, pattern = self.system(fence, "researcher_judge")
        passage = fence.wrap(
            source.hit.text[:PASSAGE_CHARS], source=hit_origin(source.hit), label="passage"
        )
        answers = await yes_no(
            self.model,
            pattern.render_user(question=asked.fenced(fence), passage=passage),
            system=system,
        )
        self.decisions.append(
            Choice(
                f"does passage {source.number} ({hit_origin(source.hit)}) answer the question?",
                ["yes", "no"],
                "yes" if answers else "no",
                f"{self.model.name}'s choice, passage {source.number} in search order",
            )
        )
        return answers

    async def pick(self, asked: Asked, source: Source, units: list[str]) -> Claim:
        """The claim quoting the sentence the model picks by number."""
        offered = units[:OFFERED_SENTENCES]
        fence = Fence()
        system, pattern = self.system(fence, "researcher_pick")
        numbered = "\n".join(f"{n}. {unit}" for n, unit in enumerate(offered, start=1))
        listing = fence.wrap(numbered, source=hit_origin(source.hit), label="numbered sentences")
        number = await pick_number(
            self.model,
            pattern.render_user(question=asked.fenced(fence), sentences=listing),
            len(offered),
            system=system,
        )
        self.decisions.append(
            Choice(
                f"which sentence of passage {source.number} to quote",
                [str(n) for n in range(1, len(offered) + 1)],
                str(number),
                f"{self.model.name}'s choice among the passage's numbered sentences",
            )
        )
        quote = quote_from(source.hit.text, units, number - 1)
        return Claim(text=f"{source.hit.title}: {quote}", source=source.number, quote=quote)

    async def summary(self, asked: Asked, claims: list[Claim]) -> str:
        """A short summary of the chosen quotes, cut back to whole sentences."""
        fence = Fence()
        system, pattern = self.system(fence, "researcher_summary")
        quotes = fence.wrap(
            "\n".join(f"- {c.quote}" for c in claims), source=MODEL_WRITTEN, label="quotes"
        )
        text = await self.model.generate(
            pattern.render_user(question=asked.fenced(fence), quotes=quotes),
            system=system,
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
