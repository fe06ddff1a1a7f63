"""Behaviours: the code a soul works with, written once and picked by name in its file.

A behaviour is a knowledge-source factory plus the entry kinds it handles. A soul lists the
behaviours it uses (``behaviours: [reviewer, researcher]``); for each task the first one whose
kinds include the entry's kind does the work, and the generalist does what none of them
handles. A soul that lists none gets the behaviour named like itself, else the generalist. So a
new soul file that reuses existing behaviours needs no code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from blackboard.models import Entry
from knowledge_sources.contributions import Contribution
from knowledge_sources.generalist import GeneralistSource
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context, KnowledgeSource

Factory = Callable[[Soul], KnowledgeSource]


@dataclass(frozen=True)
class Behaviour:
    """A knowledge source's factory, the entry kinds it works on (empty: every kind),
    optionally a finer test on the entry (``accepts``: a merged pull request, say), and the
    prompt patterns it reads (checked at start-up, ``knowledge_sources/pattern_check.py``)."""

    name: str
    factory: Factory
    kinds: frozenset[str] = frozenset()
    accepts: Callable[[Entry], bool] | None = None
    patterns: tuple[str, ...] = ()

    def handles(self, entry: Entry | None) -> bool:
        """Whether this behaviour does the work for ``entry`` (a task without one: any kind)."""
        if entry is None:
            return not self.kinds and self.accepts is None
        if self.kinds and entry.kind not in self.kinds:
            return False
        return self.accepts is None or self.accepts(entry)


class UnknownBehaviourError(ValueError):
    """A soul names a behaviour the code does not have."""


class BehaviourRouter:
    """One soul's behaviours: the first that handles the entry works, else the generalist."""

    def __init__(self, soul: Soul, behaviours: list[Behaviour]) -> None:
        self.soul = soul
        self.behaviours = behaviours
        self._sources = {b.name: b.factory(soul) for b in behaviours}

    def source_for(self, entry: Entry | None) -> KnowledgeSource:
        """The knowledge source that works on ``entry``."""
        for behaviour in self.behaviours:
            if behaviour.handles(entry):
                return self._sources[behaviour.name]
        return GeneralistSource(self.soul)

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        """Work on ``entry`` with the behaviour that handles it."""
        return await self.source_for(entry).contribute(context, entry)


def behaviours_of(soul: Soul, known: Mapping[str, Behaviour]) -> list[Behaviour]:
    """The behaviours ``soul`` uses, in its order; ``UnknownBehaviourError`` names a bad one."""
    if not soul.behaviours:
        own = known.get(soul.name)
        return [own] if own is not None else []
    unknown = [name for name in soul.behaviours if name not in known]
    if unknown:
        raise UnknownBehaviourError(
            f"soul {soul.name!r} names behaviour(s) {', '.join(map(repr, unknown))} that do "
            f"not exist; known: {', '.join(sorted(known))}"
        )
    return [known[name] for name in soul.behaviours]
