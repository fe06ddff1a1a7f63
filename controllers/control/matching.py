"""Matching an entry against every soul's triggers, with skill similarity.

The declarative part (kinds, tags, labels) comes from the soul's triggers; similarity is the
cosine between the entry's vector (the mean of its chunk embeddings, already on the board) and
the soul's ``skills_text`` embedded once at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from blackboard.models import Entry
from knowledge_sources.souls import Soul


@dataclass(frozen=True)
class Match:
    """An agent whose trigger admits an entry, and how close the entry is to its skills."""

    agent: str
    similarity: float


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity (0 when either vector is empty or zero)."""
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def entry_labels(entry: Entry) -> set[str]:
    """Gitea labels of a mirrored entry (kept in ``meta["labels"]``)."""
    labels = entry.meta.get("labels", []) if isinstance(entry.meta, dict) else []
    return {str(label) for label in labels}


def match_entry(
    entry: Entry,
    entry_vector: Sequence[float] | None,
    souls: Mapping[str, Soul],
    skill_vectors: Mapping[str, Sequence[float]],
) -> list[Match]:
    """Every enabled soul one of whose triggers admits ``entry``, best similarity first."""
    tags, labels = set(entry.tags), entry_labels(entry)
    matches: list[Match] = []
    for name, soul in souls.items():
        if not soul.enabled:
            continue
        similarity = (
            cosine(entry_vector, skill_vectors[name])
            if entry_vector is not None and name in skill_vectors
            else 0.0
        )
        for trigger in soul.triggers:
            close_enough = trigger.min_similarity <= 0 or similarity >= trigger.min_similarity
            if trigger.admits(entry.kind, tags, labels) and close_enough:
                matches.append(Match(name, similarity))
                break
    return sorted(matches, key=lambda m: -m.similarity)


def best_agent(
    vector: Sequence[float],
    skill_vectors: Mapping[str, Sequence[float]],
    exclude: frozenset[str] = frozenset(),
) -> str | None:
    """The agent whose skills are most similar to ``vector`` ("whoever fits")."""
    scored = [(cosine(vector, v), name) for name, v in skill_vectors.items() if name not in exclude]
    return max(scored)[1] if scored else None
