"""The registry: one knowledge source per enabled soul, from souls + code.

A soul whose name has a dedicated implementation gets it; every other soul is served by the
generalist, so each agent in ``souls/`` can work from the first day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from knowledge_sources.generalist import GeneralistSource
from knowledge_sources.souls import Soul
from knowledge_sources.source import KnowledgeSource

Factory = Callable[[Soul], KnowledgeSource]


def implementations() -> dict[str, Factory]:
    """Soul name -> dedicated knowledge source."""
    from knowledge_sources.researcher.source import ResearcherSource
    from knowledge_sources.triager.source import TriagerSource

    return {"researcher": ResearcherSource, "triager": TriagerSource}


def build_registry(
    souls: Mapping[str, Soul], overrides: Mapping[str, Factory] | None = None
) -> dict[str, KnowledgeSource]:
    """A knowledge source for every enabled soul."""
    factories = {**implementations(), **(overrides or {})}
    return {
        name: factories.get(name, GeneralistSource)(soul)
        for name, soul in souls.items()
        if soul.enabled
    }
