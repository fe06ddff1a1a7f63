"""The teammates a step may go to, closest by skills first.

Closeness is the cosine between the step's text and each teammate's skill vector (what control
matches entries with, embedded by the board's embedder); without vectors every teammate is
equally close and the order is by name. The planner itself is never a candidate: it plans, the
others do the steps.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from blackboard.embeddings.base import SharedEmbedder


@dataclass(frozen=True)
class Mate:
    """A teammate: name, role line, and how close its skills are to the step (0..1)."""

    name: str
    role: str
    closeness: float

    def listed(self) -> str:
        """One line of the prompt's team list."""
        return f"- {self.name}: {self.role} (closeness {self.closeness:.2f})"


@dataclass(frozen=True)
class Team:
    """The candidates for a plan's steps, with their roles and skill vectors."""

    names: tuple[str, ...]
    roles: Mapping[str, str]
    skills: Mapping[str, Sequence[float]]

    def summary(self) -> str:
        """``coder (Coder), researcher (Researcher)``: who there is, for the steps prompt."""
        return ", ".join(f"{n} ({self.roles.get(n, n).split(':')[0]})" for n in self.names)

    async def ranked(self, embedder: SharedEmbedder, text: str) -> list[Mate]:
        """The teammates, closest to ``text`` first (ties by name)."""
        vectors = [self.skills[n] for n in self.names if n in self.skills]
        closeness = dict.fromkeys(self.names, 0.0)
        if vectors:
            (vector,) = await embedder.embed_async([text])
            for name in self.names:
                if name in self.skills:
                    closeness[name] = round(_cosine(vector, self.skills[name]), 3)
        mates = [Mate(n, self.roles.get(n, n), closeness[n]) for n in self.names]
        return sorted(mates, key=lambda m: (-m.closeness, m.name))


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=False)) / norm if norm else 0.0
