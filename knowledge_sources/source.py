"""The knowledge-source protocol: a declarative trigger (in the soul) plus one contribute step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from blackboard.models import Entry, Task
from blackboard.runtime import Board
from knowledge_sources.contributions import Contribution
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.souls import Soul


@dataclass
class Context:
    """What a contribute step may use: the board (read), its model, its soul and its task."""

    board: Board
    soul: Soul
    model: ModelProvider
    task: Task
    teammates: tuple[str, ...] = ()


@runtime_checkable
class KnowledgeSource(Protocol):
    """A specialist. ``contribute`` reads the board and returns contributions; it writes nothing."""

    soul: Soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        """Work on ``entry`` (the task's triggering entry, if any)."""
        ...
