"""The registry: the behaviours the code has, and one knowledge source per enabled soul.

Each soul gets a ``BehaviourRouter`` over the behaviours it names (``behaviours.py``); a soul
that names none and has no behaviour of its own name is served by the generalist, so every
agent in ``souls/`` can work from the first day. A test or benchmark may replace a soul's
source outright with an override factory.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge_sources.behaviours import (
    Behaviour,
    BehaviourRouter,
    Factory,
    behaviours_of,
)
from knowledge_sources.generalist import GeneralistSource
from knowledge_sources.souls import Soul
from knowledge_sources.source import KnowledgeSource

__all__ = ["Factory", "build_registry", "known_behaviours"]


def known_behaviours() -> dict[str, Behaviour]:
    """Behaviour name -> behaviour (imported here, on first use, not at start-up)."""
    from blackboard.models.vocabulary import EntryKind
    from knowledge_sources.coder.source import CoderSource
    from knowledge_sources.doc_writer.source import DocWriterSource
    from knowledge_sources.researcher.source import ResearcherSource
    from knowledge_sources.triager.source import TriagerSource

    return {
        "coder": Behaviour("coder", CoderSource, CoderSource.KINDS),
        "doc_writer": Behaviour("doc_writer", DocWriterSource, DocWriterSource.KINDS),
        "researcher": Behaviour("researcher", ResearcherSource),  # questions, tasks, problems
        "triager": Behaviour(
            "triager", TriagerSource, frozenset({EntryKind.GITEA_ISSUE, EntryKind.GITEA_COMMENT})
        ),
    }


def build_registry(
    souls: Mapping[str, Soul], overrides: Mapping[str, Factory] | None = None
) -> dict[str, KnowledgeSource]:
    """A knowledge source for every enabled soul (``UnknownBehaviourError`` for a bad name)."""
    known = known_behaviours()
    registry: dict[str, KnowledgeSource] = {}
    for name, soul in souls.items():
        if not soul.enabled:
            continue
        if overrides and name in overrides:
            registry[name] = overrides[name](soul)
            continue
        behaviours = behaviours_of(soul, known)
        registry[name] = BehaviourRouter(soul, behaviours) if behaviours else GeneralistSource(soul)
    return registry
