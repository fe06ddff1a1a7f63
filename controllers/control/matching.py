"""Matching an entry against every soul's triggers, with skill similarity.

The declarative part (kinds, tags, labels, changed paths, words) comes from the soul's
triggers; similarity is the cosine between the entry's vector (the mean of its chunk
embeddings, already on the board) and the soul's ``skills_text`` embedded once at start-up.
A trigger's ``instead_of`` takes the entry from the souls it names (a specialist before the
generalist reviewer or researcher); each match says why it matched, for the task's reason.
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
    why: str = ""
    """What admitted the entry (``changes x.sql (*.sql)``), and whom it was taken from."""


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


def entry_paths(entry: Entry) -> list[str]:
    """Files a mirrored pull request changes (kept in ``meta["files"]``)."""
    files = entry.meta.get("files", []) if isinstance(entry.meta, dict) else []
    return [str(path) for path in files] if isinstance(files, list) else []


def match_entry(
    entry: Entry,
    entry_vector: Sequence[float] | None,
    souls: Mapping[str, Soul],
    skill_vectors: Mapping[str, Sequence[float]],
) -> list[Match]:
    """Every enabled soul one of whose triggers admits ``entry``, best similarity first."""
    tags, labels, paths = set(entry.tags), entry_labels(entry), entry_paths(entry)
    text = f"{entry.title}\n{entry.body}"
    found: list[tuple[Match, list[str]]] = []
    for name, soul in souls.items():
        if not soul.enabled:
            continue
        similarity = (
            cosine(entry_vector, skill_vectors[name])
            if entry_vector is not None and name in skill_vectors
            else 0.0
        )
        admitted: list[tuple[str, list[str]]] = []
        for trigger in soul.triggers:
            close_enough = trigger.min_similarity <= 0 or similarity >= trigger.min_similarity
            why = trigger.why(entry.kind, tags, labels, paths, text) if close_enough else None
            if why is not None:
                if trigger.min_similarity > 0:
                    why += f"; skills close enough (at least {trigger.min_similarity:.2f})"
                admitted.append((why, trigger.instead_of))
        if admitted:  # a trigger that takes the entry from others says why, else the first
            why = next((w for w, others in admitted if others), admitted[0][0])
            instead_of = [o for _, others in admitted for o in others]
            found.append((Match(name, similarity, why), instead_of))
    matched = {m.agent for m, _ in found}
    taken = {other for m, others in found for other in others if other != m.agent}
    matches = []
    for match, others in found:
        if match.agent in taken:
            continue
        from_whom = [o for o in others if o in matched and o != match.agent]
        why = f"{match.why}; instead of {', '.join(from_whom)}" if from_whom else match.why
        matches.append(Match(match.agent, match.similarity, why))
    return sorted(matches, key=lambda m: -m.similarity)


def best_agent(
    vector: Sequence[float],
    skill_vectors: Mapping[str, Sequence[float]],
    exclude: frozenset[str] = frozenset(),
) -> str | None:
    """The agent whose skills are most similar to ``vector`` ("whoever fits")."""
    scored = [(cosine(vector, v), name) for name, v in skill_vectors.items() if name not in exclude]
    return max(scored)[1] if scored else None
