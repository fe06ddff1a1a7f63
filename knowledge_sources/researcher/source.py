"""The researcher's contribute step: search in rounds, draft, critique, revise, verify, publish.

Every citation is checked against the stored passage it names; claims whose quote cannot be
found are sent back for revision and, if still wrong after the last round, dropped: an
unverifiable citation is never published. With no model reachable the note is extractive.
When the worker offers web search (``Context.search_web``), the pages found for the question
are brought onto the board first and then searched and cited like any stored source.
"""

from __future__ import annotations

import logging
import re

from blackboard.models import Entry
from blackboard.models.vocabulary import LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import Contribution, LinkSpec, NewAction, NewEntry
from knowledge_sources.models.errors import ModelError
from knowledge_sources.researcher.draft import Draft
from knowledge_sources.researcher.render import cited_sources, extractive_draft, render_note
from knowledge_sources.researcher.sources import Source, gather
from knowledge_sources.researcher.verify import split
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context

logger = logging.getLogger(__name__)

INSTRUCTIONS = (
    "Answer the question using ONLY the numbered sources. Give a short summary and a list of "
    "claims. Each claim names ONE source number and copies an exact passage from that source "
    "as its quote (at least a few words, character for character). Do not cite anything else."
)


class ResearcherSource:
    """Turns a question into a cited research note (board entry + wiki page via the outbox)."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        if entry is None:
            return []
        question = entry.title if entry.title.strip() else entry.body[:200]
        sources, draft, extractive = await self._research(context, entry, question)
        draft = draft.bounded()
        verified, _ = split(draft.claims, sources)
        draft = Draft(summary=draft.summary, claims=verified)
        body = render_note(question, draft, sources, extractive=extractive, question_entry=entry.id)
        cited = cited_sources(draft.claims, sources)
        links = [LinkSpec(kind=LinkKind.ANSWERS, target_id=entry.id)]
        for claim in draft.claims:
            hit = sources[claim.source - 1].hit
            links.append(
                LinkSpec(
                    kind="cites", target_id=hit.entry_id, quote=claim.quote, chunk_id=hit.chunk_id
                )
            )
        note = NewEntry(
            entry=EntryIn(
                kind="research_note",
                title=f"Research: {question}"[:500],
                body=body,
                parent_id=entry.id,
                tags=["research"],
                meta={
                    "extractive": extractive,
                    "question_id": entry.id,
                    "sources": [s.location for s in cited],
                },
            ),
            links=tuple(links),
            ref="note",
        )
        contributions: list[Contribution] = [note]
        repo = entry.meta.get("repo") if isinstance(entry.meta, dict) else None
        if isinstance(repo, str) and repo and self.soul.may("wiki"):
            contributions.append(
                NewAction(
                    kind="gitea.wiki.write",
                    key="wiki",
                    target=repo,
                    payload={
                        "title": _page_title(entry.id, question),
                        "content": body,
                        "message": f"Research note for board entry {entry.id}",
                        "note_entry_id": "{ref:note}",
                    },
                )
            )
        return contributions

    async def _research(
        self, context: Context, entry: Entry, question: str
    ) -> tuple[list[Source], Draft, bool]:
        queries = [f"{question}\n{entry.body[:1000]}"]
        if context.search_web is not None:
            await context.search_web(question)  # pages found are then searched like any source
        sources = await gather(context.board, queries, exclude_entry=entry.id)
        try:
            for _ in range(max(self.soul.rounds.research - 1, 0)):
                more = await context.model.generate(
                    f"Question: {question}\nSources so far:\n{_briefs(sources, 300)}\n\n"
                    "Write ONE short search query for what is still missing.",
                    system=self.soul.personality,
                    max_tokens=40,
                )
                queries.append(more.strip().splitlines()[0] if more.strip() else question)
                sources = await gather(context.board, queries, exclude_entry=entry.id)
            if not sources:
                return sources, extractive_draft(sources), False
            draft = await context.model.structured(
                f"Question: {question}\n\nSources:\n{_briefs(sources)}\n\n{INSTRUCTIONS}",
                Draft,
                system=self.soul.personality,
            )
            for _ in range(self.soul.rounds.refinement):
                draft = await self._refine(context, question, sources, draft)
            return sources, draft, False
        except ModelError as exc:
            # unreachable, misconfigured, or unusable output: publish what the board holds
            logger.warning("researcher's model failed (%s): writing an extractive note", exc)
            return sources, extractive_draft(sources), True

    async def _refine(
        self, context: Context, question: str, sources: list[Source], draft: Draft
    ) -> Draft:
        _, failures = split(draft.claims, sources)
        critique = await context.model.generate(
            f"Question: {question}\nDraft:\n{draft.model_dump_json(indent=1)}\n\n"
            "Critique this draft: unsupported claims, missing angles, unclear wording.",
            system=self.soul.personality,
        )
        problems = "\n".join(failures) or "(all quotes were found in their sources)"
        return await context.model.structured(
            f"Question: {question}\n\nSources:\n{_briefs(sources)}\n\nDraft:\n"
            f"{draft.model_dump_json(indent=1)}\n\nCritique:\n{critique}\n\nCitation check:\n"
            f"{problems}\n\nRevise the draft. {INSTRUCTIONS}",
            Draft,
            system=self.soul.personality,
        )


def _briefs(sources: list[Source], limit: int = 1200) -> str:
    return "\n\n".join(s.brief(limit) for s in sources)


def _page_title(entry_id: int, question: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", question).strip("-")[:60] or "question"
    return f"Research-{entry_id}-{slug}"
