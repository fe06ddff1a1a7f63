"""Running the team inside a process: control loop + one SAQ worker per enabled soul."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from pathlib import Path

from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.factory import get_embedder
from blackboard.runtime import Board
from blackboard.splitting import SplitOptions
from controllers.control.loop import ControlLoop
from controllers.control.queues import AgentQueues
from controllers.control.settings import ControlSettings
from controllers.control.skills import skill_vectors
from controllers.control.stopping import say_what_stopping_interrupts
from controllers.control.worker import WorkerRuntime, run_workers
from ingest.sources.web_settings import WebSearchSettings
from knowledge_sources.database import DatabaseToolSettings
from knowledge_sources.models.factory import close_providers, get_provider
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.models.settings import ModelSettings
from knowledge_sources.pattern_check import check_patterns
from knowledge_sources.registry import Factory, build_registry
from knowledge_sources.souls import Soul, load_souls
from knowledge_sources.workbench.sandbox_settings import SandboxSettings

logger = logging.getLogger(__name__)


class Team:
    """Start with ``await team.start()``, stop with ``await team.stop()``.

    ``split`` cuts the entries agents contribute; ``web`` is the SearXNG their ``Context``
    searches through ingest's web source (``None``: no web search); ``databases``: the
    databases their database tool reads (``None``: none); ``patterns_dir`` is the
    operator's prompt patterns (``GA_PATTERNS_DIR``). With workers, every prompt pattern
    their souls need is checked here, before any task runs (``PatternError`` says which).
    ``gitea``: the Gitea their ``Context`` reads (read-only) and ``Context.checkout`` clones
    from; ``workspaces``: where the checkouts live (``None``: no checkouts).
    ``sandbox``: where the coder runs a repository's checks.
    """

    def __init__(
        self,
        board: Board,
        souls: Mapping[str, Soul] | None = None,
        *,
        settings: ControlSettings,
        model_for: Callable[[Soul], ModelProvider],
        souls_dir: Path | None = None,
        overrides: Mapping[str, Factory] | None = None,
        split: SplitOptions = SplitOptions(),
        web: WebSearchSettings | None = None,
        databases: DatabaseToolSettings | None = None,
        patterns_dir: Path | None = None,
        gitea: GiteaSettings | None = None,
        run_control: bool = True,
        run_workers: bool = True,
        agents: Collection[str] | None = None,
        concurrency: int = 1,
        workspaces: Path | None = None,
        sandbox: SandboxSettings | None = None,
    ) -> None:
        self.board = board
        self.workspaces = workspaces
        self.sandbox = sandbox
        self.souls = dict(souls if souls is not None else load_souls(souls_dir))
        self.settings = settings
        self.queues = AgentQueues(board.db.uri, self.settings)
        self.sources = build_registry(self.souls, overrides)
        self.model_for = model_for
        self.split = split
        self.web = web
        self.databases = databases
        self.gitea = gitea
        self.control = ControlLoop(board, self.souls, self.queues, self.settings)
        self._run_control = run_control
        self._run_workers = run_workers
        unknown = sorted(set(agents or ()) - set(self.souls))
        if unknown:
            raise ValueError(f"no soul named {', '.join(unknown)} (known: {', '.join(self.souls)})")
        self.agents = agents
        self.concurrency = concurrency
        self.patterns_dir = patterns_dir
        if run_workers:
            own = {n: s for n, s in self.souls.items() if not overrides or n not in overrides}
            check_patterns(own, patterns_dir, agents)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Begin following the board and working the queues."""
        skills = await skill_vectors(self.board, self.souls)  # once, for control and workers
        if self._run_control:
            self.control.skills = skills
            self._tasks.append(asyncio.create_task(self.control.run(), name="control"))
        if self._run_workers:
            runtime = WorkerRuntime(
                board=self.board,
                souls=self.souls,
                sources=self.sources,
                model_for=self.model_for,
                skills=skills,
                settings=self.settings,
                split=self.split,
                web=self.web,
                databases=self.databases,
                patterns_dir=self.patterns_dir,
                gitea=self.gitea,
                workspaces=self.workspaces,
                sandbox=self.sandbox,
            )
            self._tasks.append(
                asyncio.create_task(
                    run_workers(self.queues, runtime, self.agents, self.concurrency),
                    name="workers",
                )
            )
        logger.info(
            "team started: %s%s",
            "control, " if self._run_control else "",
            ", ".join(sorted(self.agents or self.sources)) if self._run_workers else "no workers",
        )

    async def stop(self) -> None:
        """Stop workers and control (a running task is retried by the next start)."""
        if self._run_workers and self._tasks:
            with contextlib.suppress(Exception):  # saying so must not stop the stopping
                await say_what_stopping_interrupts(self.board)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        await self.queues.close()
        if self._run_workers:  # control alone uses no model; workers may share the providers
            await close_providers()


def shared_models(board: Board, settings: ModelSettings) -> Callable[[Soul], ModelProvider]:
    """Each soul's model from ``settings`` (one per configuration); it embeds like the board."""

    def embedder() -> SharedEmbedder:
        return get_embedder(board.settings)

    return lambda soul: get_provider(soul.model, settings, embedder=embedder)


@contextlib.asynccontextmanager
async def team_service(
    board: Board,
    control: ControlSettings,
    models: ModelSettings,
    split: SplitOptions,
    web: WebSearchSettings,
    run_control: bool = True,
    run_workers: bool = True,
    agents: Collection[str] | None = None,
    concurrency: int = 1,
    databases: DatabaseToolSettings | None = None,
    gitea: GiteaSettings | None = None,
    workspaces: Path | None = None,
    sandbox: SandboxSettings | None = None,
) -> AsyncIterator[None]:
    """The team (``models.souls_dir``, else the shipped ``souls/``) as a service of ``up``:
    notes are cut with ``split``, the web searched through ``web`` (when a SearXNG is set),
    the named ``databases`` read by the database tool.
    ``run_control``/``run_workers``/``agents``/``concurrency``: which parts run here (the
    ``serve`` roles run them apart); the operator's patterns are ``models.patterns_dir``;
    ``gitea``: the Gitea agents read (``None``: none);
    ``workspaces``: where tasks' checkouts live."""
    team = Team(
        board,
        souls_dir=models.souls_dir,
        settings=control,
        model_for=shared_models(board, models),
        split=split,
        web=web,
        databases=databases,
        patterns_dir=models.patterns_dir,
        gitea=gitea,
        run_control=run_control,
        run_workers=run_workers,
        agents=agents,
        concurrency=concurrency,
        workspaces=workspaces,
        sandbox=sandbox,
    )
    await team.start()
    try:
        yield
    finally:
        await team.stop()
