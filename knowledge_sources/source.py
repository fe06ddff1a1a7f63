"""The knowledge-source protocol: a declarative trigger (in the soul) plus one contribute step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.models import Entry, Task
from blackboard.runtime import Board
from knowledge_sources.contributions import Contribution
from knowledge_sources.database import DatabaseTool
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.souls import Soul
from knowledge_sources.workbench.checkout import CheckoutProvider
from knowledge_sources.workbench.sandbox_settings import SandboxSettings
from knowledge_sources.workbench.task_limits import TaskBudget

WebSearch = Callable[[str], Awaitable[list[int]]]
"""Brings the web pages found for a query onto the board (ingest's job) and returns their
entry ids, so a contribute step can read and cite them like any stored source."""

Progress = Callable[[str], Awaitable[None]]
"""Records what a contribute step is doing now (``"drafting"``), for people following the task."""


@dataclass
class Context:
    """What a contribute step may use: the board (read), its model, its soul and its task.

    ``search_web`` is the one capability that adds to the board on a step's behalf: the worker
    provides it (``ingest.sources.web``) when a SearXNG is configured, else it is ``None``. The
    pages it stores are outside input, like ingested files, not the step's contribution.
    ``progress`` (given by the worker) records the step's current stage on its task.
    ``patterns`` finds the step's prompt patterns (the soul's folder, the operator's, the
    shipped ones). ``roles`` and ``skills`` describe the team, for handing work to the one
    who fits. ``databases`` is the database tool on the databases the operator names
    (``GA_DB_TOOL_DATABASES``; ``None`` when none is named): read-only, time-limited.
    ``gitea`` reads Gitea (a pull request's diff, a file at its head) when the
    worker has a Gitea configured, else ``None``; its client is read-only (every write raises
    before anything is sent), so writes still go only through the outbox.
    ``checkout`` clones a repository of Gitea for the task, on the task's branch (``None``: no
    Gitea configured); ``budget`` holds the task's limits from its soul (give it to the
    ``Workbench`` so tool calls are charged; ``publish`` checks the change against it).
    ``sandbox``: where a repository's checks run (``None``: none configured, checks refused).
    """

    board: Board
    soul: Soul
    model: ModelProvider
    task: Task
    teammates: tuple[str, ...] = ()
    search_web: WebSearch | None = None
    progress: Progress | None = None
    patterns: Patterns = field(default_factory=Patterns)
    databases: DatabaseTool | None = None
    gitea: GiteaAPI | None = None
    roles: Mapping[str, str] = field(default_factory=dict)
    """Each teammate's role and headline (``Reviewer: reads every pull request...``)."""
    skills: Mapping[str, Sequence[float]] = field(default_factory=dict)
    """Each teammate's skill vector (the board's embedder, as control matches with it)."""
    checkout: CheckoutProvider | None = None
    budget: TaskBudget = field(default_factory=TaskBudget)
    sandbox: SandboxSettings | None = None

    async def report(self, stage: str) -> None:
        """Say what the step is doing now (a no-op when nobody records it)."""
        if self.progress is not None:
            await self.progress(stage)


@runtime_checkable
class KnowledgeSource(Protocol):
    """A specialist. ``contribute`` reads the board and returns contributions; it writes nothing
    itself (web pages come onto the board through ``Context.search_web``, ingest's capability)."""

    soul: Soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        """Work on ``entry`` (the task's triggering entry, if any)."""
        ...
