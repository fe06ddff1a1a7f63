"""The researcher's contribute step: search in rounds, draft, critique, revise, verify, publish.

Every citation is checked against the stored passage it names; claims whose quote cannot be
found are sent back for revision and, if still wrong after the last round, dropped: an
unverifiable citation is never published. A model that cannot write the structured draft
(malformed output, or no citation of it holds) gets the constrained-choice path instead
(``choice.py``: yes/no per passage, a sentence by number, a bounded summary; ``drafting.py``
remembers which models fail). With no usable model answer at all the note is extractive and
says why (``unusable_reason``: no server reachable at which address, or malformed output of
which model).
When the worker offers web search (``Context.search_web``), the pages found for the question
are brought onto the board first and then searched and cited like any stored source.
The prompts are the ``researcher_*`` patterns (``PATTERNS``). The question, the sources and
every text written about them (draft, critique, citation check) reach the model fenced as
labelled data (``knowledge_sources.prompts.fence``); the note's kind,
its links and the wiki action's target (the question's own ``meta.repo``) are decided here.
"""

from __future__ import annotations

import logging
import re
from enum import StrEnum

from blackboard.models import Entry
from blackboard.models.vocabulary import LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import Contribution, LinkSpec, NewAction, NewEntry
from knowledge_sources.decisions import Choice
from knowledge_sources.models.errors import ModelError, ModelOutputError
from knowledge_sources.models.failure import unusable_reason
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.prompts.origins import entry_origin, hit_origin
from knowledge_sources.researcher.asked import MODEL_WRITTEN, Asked
from knowledge_sources.researcher.choice import CHOICE_PATTERNS, choice_draft
from knowledge_sources.researcher.draft import Draft
from knowledge_sources.researcher.drafting import cannot_draft, may_draft
from knowledge_sources.researcher.render import cited_sources, extractive_draft, render_note
from knowledge_sources.researcher.sources import Source, gather
from knowledge_sources.researcher.verify import split
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context

logger = logging.getLogger(__name__)

PATTERNS = (
    "researcher_search",
    "researcher_draft",
    "researcher_critique",
    "researcher_revise",
    *CHOICE_PATTERNS,
)
"""The prompt patterns this behaviour reads (``knowledge_sources/patterns/<name>/``)."""


class ResearcherSource:
    """Turns a question into a cited research note (board entry + wiki page via the outbox)."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        if entry is None:
            return []
        question = entry.title if entry.title.strip() else entry.body[:200]
        decisions: list[Choice] = []
        sources, draft, written, why = await self._research(context, entry, question, decisions)
        extractive = written is Written.EXTRACTIVE
        draft = draft.bounded()
        await context.report("verifying citations")
        verified, _ = split(draft.claims, sources)
        draft = Draft(summary=draft.summary, claims=verified)
        body = render_note(
            question, draft, sources, extractive=extractive, question_entry=entry.id, why=why
        )
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
                    "written_by": written.value,
                    **({"model_failure": why} if why else {}),
                    "question_id": entry.id,
                    "sources": [s.location for s in cited],
                    **({"decisions": [d.as_meta() for d in decisions]} if decisions else {}),
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
        self, context: Context, entry: Entry, question: str, decisions: list[Choice]
    ) -> tuple[list[Source], Draft, Written, str]:
        """The sources, the draft, how it was written, and why it is extractive ("" otherwise);
        the constrained choices made on the way go into ``decisions``."""
        queries = [f"{question}\n{entry.body[:1000]}"]
        asked = Asked(question, entry_origin(entry))
        if context.search_web is not None:
            await context.search_web(question)  # pages found are then searched like any source
        searches = max(self.soul.rounds.research, 1)
        await context.report(f"searching the board (round 1 of {searches})")
        sources = await gather(context.board, queries, exclude_entry=entry.id)
        try:
            for search in range(2, searches + 1):
                await context.report(f"searching the board (round {search} of {searches})")
                fence = Fence()
                pattern = context.patterns.get("researcher_search")
                more = await context.model.generate(
                    pattern.render_user(
                        question=asked.fenced(fence), sources=_briefs(fence, sources, 300)
                    ),
                    system=fence.system(pattern.with_personality(self.soul.personality)),
                    max_tokens=40,
                )
                queries.append(more.strip().splitlines()[0] if more.strip() else question)
                sources = await gather(context.board, queries, exclude_entry=entry.id)
            if not sources:
                return sources, extractive_draft(sources), Written.NOTHING_FOUND, ""
            why = ""
            if may_draft(context.model):
                attempt = await self._draft(context, asked, sources)
                if isinstance(attempt, Draft):
                    return sources, attempt, Written.DRAFT, ""
                why = attempt
            await context.report("choosing passages and sentences")
            chosen = await choice_draft(
                context.model, asked, sources, self.soul.personality, context.patterns, decisions
            )
            return sources, chosen, Written.CHOICE, why
        except ModelError as exc:
            # unreachable, misconfigured, or unusable output: publish what the board holds
            why = unusable_reason(exc, context.model.name)
            logger.warning("researcher: %s; writing an extractive note", why)
            return sources, extractive_draft(sources), Written.EXTRACTIVE, why

    async def _draft(self, context: Context, asked: Asked, sources: list[Source]) -> Draft | str:
        """The structured draft, revised; or why the model cannot write one: malformed output,
        or citations of which not one holds (remembered either way, see ``drafting``)."""
        await context.report("drafting")
        fence = Fence()
        pattern = context.patterns.get("researcher_draft")
        try:
            draft = await context.model.structured(
                pattern.render_user(question=asked.fenced(fence), sources=_briefs(fence, sources)),
                Draft,
                system=fence.system(pattern.with_personality(self.soul.personality)),
            )
            revisions = self.soul.rounds.refinement
            for revision in range(1, revisions + 1):
                await context.report(f"revising (round {revision} of {revisions})")
                draft = await self._refine(context, asked, sources, draft)
        except ModelOutputError as exc:
            why = unusable_reason(exc, context.model.name)
            logger.info("no usable structured draft (%s): choosing passages instead", why)
            cannot_draft(context.model)
            return why
        claims = draft.bounded().claims
        verified, _ = split(claims, sources)
        if claims and not verified:  # cites, but not one quote is found: it cannot draft either
            cannot_draft(context.model)
            return f"not one quote in the draft of model {context.model.name} is in its sources"
        return draft

    async def _refine(
        self, context: Context, asked: Asked, sources: list[Source], draft: Draft
    ) -> Draft:
        _, failures = split(draft.claims, sources)
        fence = Fence()
        pattern = context.patterns.get("researcher_critique")
        critique = await context.model.generate(
            pattern.render_user(question=asked.fenced(fence), draft=_draft(fence, draft)),
            system=fence.system(pattern.with_personality(self.soul.personality)),
        )
        problems = "\n".join(failures) or "(all quotes were found in their sources)"
        fence = Fence()
        critique_text = fence.wrap(critique, source=MODEL_WRITTEN, label="critique")
        problems_text = fence.wrap(problems, source=MODEL_WRITTEN, label="citation check")
        pattern = context.patterns.get("researcher_revise")
        return await context.model.structured(
            pattern.render_user(
                question=asked.fenced(fence),
                sources=_briefs(fence, sources),
                draft=_draft(fence, draft),
                critique=critique_text,
                problems=problems_text,
            ),
            Draft,
            system=fence.system(pattern.with_personality(self.soul.personality)),
        )


DRAFT_CHARS = 16000
"""A draft shown for critique and revision is cut here (a longer one is runaway output)."""


class Written(StrEnum):
    """How a note's findings were written (``meta.written_by``)."""

    DRAFT = "draft"
    """The model's structured draft, critiqued, revised and verified."""
    CHOICE = "choice"
    """Passages and whole sentences picked by constrained choice (``choice.py``)."""
    EXTRACTIVE = "extractive"
    """No model answered: the best passages, quoted."""
    NOTHING_FOUND = "nothing_found"
    """The board holds no passage for the question."""


def _briefs(fence: Fence, sources: list[Source], limit: int = 1200) -> str:
    return "\n\n".join(
        fence.wrap(s.brief(limit), source=hit_origin(s.hit), label=f"source [{s.number}]")
        for s in sources
    )


def _draft(fence: Fence, draft: Draft) -> str:
    text = draft.bounded().model_dump_json(indent=1)
    return fence.wrap(text, source=MODEL_WRITTEN, label="draft", limit=DRAFT_CHARS)


def _page_title(entry_id: int, question: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", question).strip("-")[:60] or "question"
    return f"Research-{entry_id}-{slug}"
