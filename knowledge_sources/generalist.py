"""The generalist: what a soul without a dedicated implementation does with its work.

It reads the entry and what the board knows around it, then decides by constrained choice:
write a short contribution (linked to the entry), hand the work to a teammate whose skills fit
better, or add nothing. Prose comes from ``generate``; the decision from ``choose``.
"""

from __future__ import annotations

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.search import SearchRequest
from blackboard.search import search
from knowledge_sources.contributions import Contribution, LinkSpec, NewEntry, NewTask
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context

CONTRIBUTE, HAND_OFF, NOTHING = "contribute", "hand off", "nothing to add"


class GeneralistSource:
    """Contributes a note, hands off, or passes — as its soul's model decides."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        if entry is None:
            return []
        background = await _background(context, entry)
        brief = (
            f"You are {self.soul.name}, {self.soul.role}. {self.soul.summary}\n\n"
            f"Board entry ({entry.kind}) '{entry.title}':\n{entry.body[:4000]}\n\n"
            f"Related passages from the board:\n{background or '(none)'}"
        )
        teammates = [t for t in context.teammates if t != self.soul.name]
        options = [CONTRIBUTE, NOTHING] + ([HAND_OFF] if teammates else [])
        decision = await context.model.choose(
            f"{brief}\n\nWhat do you do with this entry?",
            options,
            system=self.soul.personality,
        )
        if decision == NOTHING:
            return []
        if decision == HAND_OFF:
            teammate = await context.model.choose(
                f"{brief}\n\nWhich teammate should take this over?", teammates
            )
            return [
                NewTask(
                    reason=f"{self.soul.name} handed over: better fit",
                    agent=teammate,
                    entry_id=entry.id,
                    priority=context.task.priority,
                )
            ]
        text = await context.model.generate(
            f"{brief}\n\nWrite your contribution in markdown: concrete, short, and only what "
            "the related passages or your expertise support.",
            system=self.soul.personality,
        )
        return [
            NewEntry(
                entry=EntryIn(
                    kind=EntryKind.CONTRIBUTION,
                    title=f"{self.soul.name} on: {entry.title}"[:500],
                    body=text,
                    author=self.soul.name,
                    parent_id=entry.id,
                    tags=[self.soul.name],
                ),
                links=(LinkSpec(kind=LinkKind.REFINES, target_id=entry.id),),
            )
        ]


async def _background(context: Context, entry: Entry, k: int = 5) -> str:
    query = f"{entry.title}\n{entry.body[:1000]}"
    request = SearchRequest(query=query, k=k)
    async with context.board.sessions() as session, session.begin():
        hits = await search(session, request, await context.board.embedder())
    lines = [f"- [{h.title}] {h.text[:400]}" for h in hits if h.entry_id != entry.id]
    return "\n".join(lines)
