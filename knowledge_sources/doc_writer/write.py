"""The doc writer's small-model steps: the page by number, a bounded paragraph, citations by
yes/no per source.

Each step is one a 135M model can do: ``pick_number`` among the candidate pages (the last is a
new page), a paragraph bounded in tokens and cut back to whole sentences, and per source a
yes/no "does the paragraph state what it says?". The gap, the sources and the paragraph reach
the model fenced as data; every decision is kept with its options and reason.
"""

from __future__ import annotations

from knowledge_sources.decisions import Choice
from knowledge_sources.doc_writer.gap import DocsGap
from knowledge_sources.models.choices import NO, YES, pick_number, yes_no
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.prompts.origins import hit_origin
from knowledge_sources.researcher.asked import MODEL_WRITTEN
from knowledge_sources.researcher.sentences import prose_sentences
from knowledge_sources.researcher.sources import Source
from knowledge_sources.source import Context

PARAGRAPH_TOKENS = 200
PARAGRAPH_CHARS = 900
SOURCE_CHARS = 1200


async def choose_page(
    context: Context, gap: DocsGap, options: list[str], decisions: list[Choice]
) -> str:
    """One of ``options`` (page paths, the last a new page) by number."""
    pattern = context.patterns.get("doc_writer_page")
    fence = Fence()
    listing = "\n".join(f"{n}. {page}" for n, page in enumerate(options, start=1))
    number = await pick_number(
        context.model,
        pattern.render_user(
            gap=fence.wrap(gap.text, source=gap.origin, label="the docs gap"),
            pages=fence.wrap(listing, source=f"pages of {gap.repo}", label="pages"),
        ),
        len(options),
        system=fence.system(f"{context.soul.personality}\n\n{pattern.system}"),
    )
    decisions.append(
        Choice("page", options, options[number - 1], f"{context.model.name} picked by number")
    )
    return options[number - 1]


async def write_paragraph(context: Context, gap: DocsGap, sources: list[Source], page: str) -> str:
    """The paragraph from the sources, as ``whole_sentences`` ("" when none is whole)."""
    pattern = context.patterns.get("doc_writer_paragraph")
    fence = Fence()
    briefs = "\n\n".join(
        fence.wrap(s.brief(SOURCE_CHARS), source=hit_origin(s.hit), label=f"source [{s.number}]")
        for s in sources
    )
    text = await context.model.generate(
        pattern.render_user(
            gap=fence.wrap(gap.text, source=gap.origin, label="the docs gap"),
            sources=briefs,
            page=page,
        ),
        system=fence.system(f"{context.soul.personality}\n\n{pattern.system}"),
        max_tokens=PARAGRAPH_TOKENS,
    )
    return whole_sentences(text, copied_from=gap.text)


def whole_sentences(text: str, copied_from: str = "") -> str:
    """At most ``PARAGRAPH_CHARS`` of the text's whole sentences, in order. Left out: headings,
    lines echoing the prompt (its fences ``<<<``, its labels ending in ``:``), fragments without
    a closing ``.``, ``!`` or ``?`` (a sentence cut by the token cap), and sentences copied from
    ``copied_from`` (the gap restated is no documentation)."""
    copied = " ".join(copied_from.split())
    prose = " ".join(line for line in text.splitlines() if _prose_line(line, copied))
    kept: list[str] = []
    for sentence in prose_sentences(" ".join(prose.split())):
        if not sentence.endswith((".", "!", "?")) or sentence in copied:
            continue
        if len(" ".join([*kept, sentence])) > PARAGRAPH_CHARS:
            break
        kept.append(sentence)
    return " ".join(kept)


def _prose_line(line: str, copied: str) -> bool:
    flat = " ".join(line.split())
    if not flat or flat.startswith("#") or "<<<" in flat or flat.endswith(":"):
        return False
    return flat not in copied


async def choose_citations(
    context: Context, paragraph: str, sources: list[Source], decisions: list[Choice]
) -> list[Source]:
    """The sources the paragraph states something from (one yes/no per source)."""
    pattern = context.patterns.get("doc_writer_cite")
    cited: list[Source] = []
    for source in sources:
        fence = Fence()
        used = await yes_no(
            context.model,
            pattern.render_user(
                paragraph=fence.wrap(paragraph, source=MODEL_WRITTEN, label="paragraph"),
                number=str(source.number),
                source=fence.wrap(
                    source.brief(SOURCE_CHARS), source=hit_origin(source.hit), label="source"
                ),
            ),
            system=fence.system(f"{context.soul.personality}\n\n{pattern.system}"),
        )
        if used:
            cited.append(source)
        decisions.append(
            Choice(
                f"cite source [{source.number}]",
                [YES, NO],
                YES if used else NO,
                f"{context.model.name} read the paragraph and {source.location}",
            )
        )
    return cited
