"""Rating a match: how soon should this agent work on this entry (higher = sooner, 0..1)."""

from __future__ import annotations

import datetime

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind
from controllers.control.matching import Match

URGENT_KINDS: dict[str, float] = {
    EntryKind.QUESTION: 1.0,
    EntryKind.GOAL: 0.9,
    EntryKind.TASK: 0.8,
    EntryKind.GITEA_ISSUE: 0.7,
    EntryKind.GITEA_PULL: 0.7,
}
WEIGHTS = {"similarity": 0.45, "priority": 0.25, "urgency": 0.2, "human": 0.1}


def rate(
    match: Match,
    entry: Entry,
    goal_priority: int | None = None,
    now: datetime.datetime | None = None,
) -> float:
    """Weighted sum of skill similarity, goal/entry priority, urgency and a human author."""
    now = now or datetime.datetime.now(datetime.UTC)
    priority = goal_priority if goal_priority is not None else entry.priority
    priority_score = min(max((priority + 10) / 20, 0.0), 1.0)
    age_h = max((now - entry.created_at).total_seconds() / 3600, 0.0)
    urgency = URGENT_KINDS.get(entry.kind, 0.4) * (1.0 if age_h < 24 else 0.7)
    human = 1.0 if entry.meta.get("depth", 0) == 0 and not entry.meta.get("agent") else 0.0
    score = (
        WEIGHTS["similarity"] * max(match.similarity, 0.0)
        + WEIGHTS["priority"] * priority_score
        + WEIGHTS["urgency"] * urgency
        + WEIGHTS["human"] * human
    )
    return round(min(max(score, 0.0), 1.0), 4)
