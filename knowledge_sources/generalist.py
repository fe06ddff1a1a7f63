"""The generalist: what a soul without a dedicated implementation does with its work.

It reads the entry and what the board knows around it, then decides by constrained choice:
write a short contribution (linked to the entry; its ``meta.decisions`` records the choice with
its options, as every agent's decisions are, for the web view), hand the work to a teammate
whose skills fit better, or add nothing. Prose comes from ``generate``; the decision from
``choose``. Adding nothing is a ``Decision`` with the model's one-sentence reason (or why it
gave none), so the task tells the people following it what was decided and why.
The entry and the passages are untrusted: each is fenced as labelled data
(``knowledge_sources.prompts.fence``), and what the model may decide is fixed by code: the
options, and the teammates it may hand to (the team's other names, never a name from the text).
Each step's prompt is a pattern (``PATTERNS``): its ``system.md`` follows the soul's
personality, its ``user.md`` places the brief.
"""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.search import SearchHit, SearchRequest
from blackboard.search import search
from knowledge_sources.contributions import Contribution, Decision, LinkSpec, NewEntry, NewTask
from knowledge_sources.models.errors import ModelError
from knowledge_sources.models.failure import unusable_reason
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.prompts.origins import entry_origin, hit_origin
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context

CONTRIBUTE, HAND_OFF, NOTHING = "contribute", "hand off", "nothing to add"
PATTERNS = ("generalist_decide", "generalist_handoff", "generalist_write", "generalist_why")
"""The prompt patterns this behaviour reads (``knowledge_sources/patterns/<name>/``)."""
REASON_CHARS = 300
"""The model's reason for adding nothing is cut here (it is meant to be one sentence)."""


class GeneralistSource:
    """Contributes a note, hands off, or passes — as its soul's model decides."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        if entry is None:
            return []
        background = await _background(context, entry)
        fence = Fence()
        fenced_entry = fence.wrap(
            f"{entry.title}\n\n{entry.body}",
            source=entry_origin(entry),
            label="the entry",
            limit=4000,
        )
        brief = (
            f"You are {self.soul.name}, {self.soul.role}. {self.soul.summary}\n\n"
            f"The board entry you work on ({entry.kind}):\n{fenced_entry}\n\n"
            f"Related passages from the board:\n{_passages(fence, background) or '(none)'}"
        )
        prompts = _Prompts(context, fence, self.soul.personality, brief)
        teammates = [t for t in context.teammates if t != self.soul.name]
        options = [CONTRIBUTE, NOTHING] + ([HAND_OFF] if teammates else [])
        prompt, system = prompts("generalist_decide")
        decision = await context.model.choose(prompt, options, system=system)
        if decision == NOTHING:
            return [Decision(NOTHING, await self._why_nothing(context, prompts))]
        if decision == HAND_OFF:
            prompt, system = prompts("generalist_handoff")
            teammate = await context.model.choose(prompt, teammates, system=system)
            return [
                NewTask(
                    reason=f"{self.soul.name} handed over: better fit",
                    agent=teammate,
                    entry_id=entry.id,
                    priority=context.task.priority,
                )
            ]
        prompt, system = prompts("generalist_write")
        text = await context.model.generate(prompt, system=system)
        decided = {
            "decision": "what to do with the entry",
            "options": options,
            "chosen": decision,
            "reason": f"{context.model.name} read the entry and {len(background)} related "
            "passage(s) from the board",
        }
        return [
            NewEntry(
                entry=EntryIn(
                    kind=EntryKind.CONTRIBUTION,
                    title=f"{self.soul.name} on: {entry.title}"[:500],
                    body=text,
                    author=self.soul.name,
                    parent_id=entry.id,
                    tags=[self.soul.name],
                    meta={"decisions": [decided]},
                ),
                links=(LinkSpec(kind=LinkKind.REFINES, target_id=entry.id),),
            )
        ]

    async def _why_nothing(self, context: Context, prompts: _Prompts) -> str:
        """The model's one sentence on why it adds nothing (or why there is no sentence)."""
        prompt, system = prompts("generalist_why")
        try:
            why = await context.model.generate(prompt, system=system, max_tokens=60)
        except ModelError as exc:
            return f"no reason given: {unusable_reason(exc, context.model.name)}"
        return " ".join(why.split())[:REASON_CHARS] or "the model gave no reason"


@dataclass(frozen=True)
class _Prompts:
    """One entry's brief as each step's pattern lays it out: ``(prompt, system)``."""

    context: Context
    fence: Fence
    personality: str
    brief: str

    def __call__(self, name: str) -> tuple[str, str]:
        pattern = self.context.patterns.get(name)
        system = self.fence.system(pattern.with_personality(self.personality))
        return pattern.render_user(brief=self.brief), system


async def _background(context: Context, entry: Entry, k: int = 5) -> list[SearchHit]:
    query = f"{entry.title}\n{entry.body[:1000]}"
    request = SearchRequest(query=query, k=k)
    async with context.board.sessions() as session, session.begin():
        hits = await search(session, request, await context.board.embedder())
    return [h for h in hits if h.entry_id != entry.id]


def _passages(fence: Fence, hits: list[SearchHit]) -> str:
    return "\n".join(
        fence.wrap(f"{h.title}\n{h.text}", source=hit_origin(h), label="passage", limit=400)
        for h in hits
    )
