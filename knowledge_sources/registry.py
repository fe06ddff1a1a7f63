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

CODER_PATTERNS = ("coder_plan", "coder_follow_up", "coder_review")
DOC_WRITER_PATTERNS = ("doc_writer_page", "doc_writer_paragraph", "doc_writer_cite")

__all__ = ["Factory", "build_registry", "known_behaviours"]


def known_behaviours() -> dict[str, Behaviour]:
    """Behaviour name -> behaviour (imported here, on first use, not at start-up)."""
    from blackboard.models.vocabulary import EntryKind
    from knowledge_sources.coder.source import CoderSource
    from knowledge_sources.doc_writer.source import DocWriterSource
    from knowledge_sources.generalist import PATTERNS as GENERALIST_PATTERNS
    from knowledge_sources.planner.planning import PATTERNS as PLANNER_PATTERNS
    from knowledge_sources.planner.source import PlannerSource, handles
    from knowledge_sources.researcher.source import PATTERNS as RESEARCHER_PATTERNS
    from knowledge_sources.researcher.source import ResearcherSource
    from knowledge_sources.reviewer.decide import PATTERNS as REVIEWER_PATTERNS
    from knowledge_sources.reviewer.source import ReviewerSource
    from knowledge_sources.schema_keeper import trigger as schema_trigger
    from knowledge_sources.schema_keeper.classify import PATTERN as schema_pattern
    from knowledge_sources.schema_keeper.source import SchemaKeeperSource
    from knowledge_sources.triager.decide import PATTERNS as TRIAGER_PATTERNS
    from knowledge_sources.triager.source import TriagerSource
    from knowledge_sources.workbench.commit_message import PATTERNS as PUBLISH_PATTERNS

    return {
        "coder": Behaviour(
            "coder", CoderSource, CoderSource.KINDS, patterns=(*CODER_PATTERNS, *PUBLISH_PATTERNS)
        ),
        "doc_writer": Behaviour(
            "doc_writer",
            DocWriterSource,
            DocWriterSource.KINDS,
            patterns=(*DOC_WRITER_PATTERNS, *PUBLISH_PATTERNS),
        ),
        "generalist": Behaviour(  # named to opt out of a same-named behaviour
            "generalist", GeneralistSource, patterns=GENERALIST_PATTERNS
        ),
        "planner": Behaviour(
            "planner",
            PlannerSource,
            frozenset({EntryKind.GOAL, EntryKind.GITEA_ISSUE, EntryKind.CONTRIBUTION}),
            handles,  # goals, issues labelled goal, its own plan records
            patterns=PLANNER_PATTERNS,
        ),
        "researcher": Behaviour(  # questions, tasks, problems
            "researcher", ResearcherSource, patterns=RESEARCHER_PATTERNS
        ),
        "reviewer": Behaviour(
            "reviewer",
            ReviewerSource,
            frozenset({EntryKind.GITEA_PULL}),
            patterns=REVIEWER_PATTERNS,
        ),
        "schema_keeper": Behaviour(
            "schema_keeper",
            SchemaKeeperSource,
            schema_trigger.KINDS,
            schema_trigger.accepts,
            patterns=(schema_pattern,),
        ),
        "triager": Behaviour(
            "triager",
            TriagerSource,
            frozenset({EntryKind.GITEA_ISSUE, EntryKind.GITEA_COMMENT}),
            patterns=TRIAGER_PATTERNS,
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
