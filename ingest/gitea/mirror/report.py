"""What a sync did: per-kind counts of created, updated, unchanged, stale and gone entries.

``stale``: copies older than the stored version (a replayed webhook), left unwritten;
``skipped``: repository files not mirrored, with the reason (counted per reason in ``as_dict``);
``corrections``: people's label changes recorded as feedback on an agent's decision;
``index_dropped_after``: chunks written when a large load dropped the vector index (``None``
when it kept it), ``index_build_seconds``: how long building it again at the end took.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


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
    skipped: dict[str, str] = field(default_factory=dict)
    corrections: int = 0
    requests: int = 0
    seconds: float = 0.0
    index_dropped_after: int | None = None
    index_build_seconds: float | None = None

    def skip(self, full_name: str, path: str, reason: str) -> None:
        """Note a repository file left off the board, and why (``ignored``, ``binary``...)."""
        self.skipped[f"{full_name}:{path}"] = reason
        logger.debug("not mirrored: %s:%s (%s)", full_name, path, reason)

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
            "skipped": dict(Counter(self.skipped.values())),
            "writes": self.writes,
            "corrections": self.corrections,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "index_dropped_after": self.index_dropped_after,
            "index_build_seconds": (
                None if self.index_build_seconds is None else round(self.index_build_seconds, 1)
            ),
        }
