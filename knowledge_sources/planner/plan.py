"""A plan as the board keeps it: typed steps and the decisions that made them.

The plan record (a ``contribution`` entry tagged ``plan``) stores both in its ``meta``, so the
planner can follow the plan later and a person can read (and correct) every decision.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from knowledge_sources.decisions import Choice

PLAN_TAG = "plan"
"""The tag of a plan record."""
STEP_TAG = "plan-step"
"""The tag of a step's task entry."""


@dataclass(frozen=True)
class Step:
    """One step: its number (from 1), title, who does it, what done means, what it waits for."""

    number: int
    title: str
    agent: str
    done_means: str
    depends_on: int | None = None

    def as_meta(self) -> dict[str, Any]:
        """As stored in the plan record's ``meta.steps``."""
        return asdict(self)

    @classmethod
    def of(cls, meta: dict[str, Any]) -> Step:
        """A step back from the plan record."""
        depends = meta.get("depends_on")
        return cls(
            number=int(meta["number"]),
            title=str(meta["title"]),
            agent=str(meta["agent"]),
            done_means=str(meta.get("done_means", "")),
            depends_on=int(depends) if isinstance(depends, int) else None,
        )


@dataclass(frozen=True)
class Plan:
    """The steps in order and every decision taken to make them."""

    steps: list[Step]
    decisions: list[Choice]
