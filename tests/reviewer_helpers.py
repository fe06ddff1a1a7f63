"""Helpers for the reviewer's tests: a stand-in repository with a pull request that adds a
dangerous line, a scripted model that reviews like a careful reviewer, a running team with a
Gitea to read, sync and outbox runs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from contextlib import asynccontextmanager

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Action, Entry
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.rights import Principals
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from knowledge_sources.reviewer.decide import COMMENT, FINE, REQUEST_CHANGES, VERDICT_COMMENT
from knowledge_sources.souls import Soul
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import settings_for
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.state import Issue, Repo
from tests.triager_helpers import rows

BASE = "import json\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n"
CHANGED = (
    "import json\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n"
    "\n\ndef run(expression):\n    # evaluate what the user typed\n"
    "    return eval(expression)\n"
)
DANGER = re.compile(r"\b(eval|os\.system)\(")
COMMENT_TEXT = "Never evaluate text from users; parse it with ast.literal_eval instead."


def seed_pull(
    server: StandinGitea, name: str, files: Mapping[str, str] | None = None
) -> tuple[Repo, Issue]:
    """``acme/<name>`` with ``app.py`` on main and a pull request that changes ``files``."""
    if "acme" not in server.state.users:
        server.state.add_user("acme", is_org=True)
    repo = server.state.add_repo("acme", name)
    seed.add_files(server, repo, {"app.py": BASE})
    pull = seed.add_pull(server, repo, "feature", "Add run", dict(files or {"app.py": CHANGED}))
    return repo, pull


def _piece_diff(call: ScriptedCall) -> str:
    """The diff part of a piece prompt (the file around it may show other lines)."""
    return call.prompt.partition("The piece of the diff to review")[2]


def answer(call: ScriptedCall) -> str:
    """Comment on added dangerous lines and place it on them; request changes if any."""
    choices = call.choices or ()
    if choices == (FINE, COMMENT):
        added = [ln for ln in _piece_diff(call).splitlines() if " + " in ln]
        return COMMENT if any(DANGER.search(ln) for ln in added) else FINE
    if VERDICT_COMMENT in choices:
        commented = re.search(r"^- \S+ line \d+: ", call.prompt, re.MULTILINE)
        return REQUEST_CHANGES if commented else VERDICT_COMMENT
    for line in call.prompt.splitlines():  # which line: the dangerous one
        number, _, code = line.partition(": ")
        if number in choices and DANGER.search(code):
            return number
    return choices[0]


def scripted_model(choose: Callable[[ScriptedCall], str] = answer) -> ScriptedModel:
    """A strict scripted model: ``choose`` for choices, ``COMMENT_TEXT`` for prose."""
    return ScriptedModel().script("choose", *[choose] * 60).script("generate", *[COMMENT_TEXT] * 20)


@asynccontextmanager
async def running_team(
    board: Board,
    server: StandinGitea,
    souls: Mapping[str, Soul],
    model: ModelProvider,
    agents: Collection[str] | None = None,
) -> AsyncIterator[Team]:
    """``souls`` thinking with ``model`` and reading the stand-in, running for the block
    (``agents``: whose queues are worked; all by default)."""
    team = Team(
        board,
        dict(souls),
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
        gitea=settings_for(server),
        agents=agents,
    )
    await team.start()
    try:
        yield team
    finally:
        await team.stop()


async def run_outbox_as(
    board: Board, server: StandinGitea, souls: Mapping[str, Soul]
) -> list[Action]:
    """Perform every pending outbox action against the stand-in, with ``souls``' rights."""
    settings = settings_for(server)
    async with GiteaClient(settings) as client:
        channels = {"gitea": GiteaChannel(GiteaAPI(client), settings, b"test-marker-secret")}
        return await OutboxExecutor(board, channels, Principals(souls)).run_pending()


async def review_records(board: Board) -> list[Entry]:
    """The review records on the board, oldest first."""
    return await rows(board, Entry, Entry.kind == "contribution", Entry.tags.contains(["review"]))
