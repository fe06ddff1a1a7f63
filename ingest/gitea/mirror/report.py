"""What a sync did: per-kind counts of created, updated, unchanged, stale and gone entries.

``stale``: copies older than the stored version (a replayed webhook), left unwritten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SyncReport:
    """Counters filled while syncing; ``requests`` is the number of HTTP requests to Gitea."""

    mode: str = "incremental"
    repos: list[str] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    stale: Counter[str] = field(default_factory=Counter)
    gone: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    seconds: float = 0.0

    @property
    def writes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.gone.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "repos": self.repos,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "stale": dict(self.stale),
            "gone": dict(self.gone),
            "writes": self.writes,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
        }
