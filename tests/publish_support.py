"""A minimal coder for the publish tests: one precise edit through the workbench, then publish.

``MiniCoder`` takes the repository from the entry's ``meta.repo``, replaces ``meta.old`` by
``meta.new`` in ``meta.path`` (and in ``meta.also`` files when given), runs a compile gate,
and publishes with ``meta.closes``; ``meta.sleep_s`` makes it dawdle first (for the wall-time
limit). The scripted model writes the commit message.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models import Action, Entry, Task
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from controllers.outbox.executor import OutboxExecutor
from controllers.outbox.gitea_channel import GiteaChannel
from controllers.outbox.rights import Principals
from knowledge_sources.contributions import Contribution
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context
from knowledge_sources.workbench.checks import CheckCommand
from knowledge_sources.workbench.gate import Gate
from knowledge_sources.workbench.publish import publish
from knowledge_sources.workbench.tools import call_tool
from knowledge_sources.workbench.workbench import Workbench
from knowledge_sources.workbench.workspace import Workspace
from tests.api_client import api
from tests.team_helpers import RESUME, wait_for

COMPILE = CheckCommand(name="compile", argv=[sys.executable, "-m", "py_compile", "{files}"])
SUBJECT = "make add() add its operands"
BODY = "add() subtracted b from a, so every total was wrong. It now adds them."


class MiniCoder:
    """Edits, gates and publishes exactly what the entry's ``meta`` says."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        assert entry is not None and context.checkout is not None
        meta: dict[str, Any] = entry.meta
        await asyncio.sleep(float(meta.get("sleep_s", 0)))
        checkout = await context.checkout(str(meta["repo"]))
        bench = Workbench(Workspace(checkout.root), Gate([COMPILE]), budget=context.budget)
        for path in [meta["path"], *meta.get("also", [])]:
            result = await call_tool(
                bench, "search_replace", {"path": path, "old": meta["old"], "new": meta["new"]}
            )
            assert result.ok, result.output
        return await publish(
            context,
            checkout,
            title=entry.title,
            why=entry.body,
            closes=meta.get("closes"),
            gate=bench.last_gate,
        )


def coder_soul(name: str, kind: str, **extra: Any) -> Soul:
    """A soul with the push and pull-request rights whose trigger admits ``kind``."""
    return Soul.model_validate(
        {
            "name": name,
            "role": "Coder",
            "summary": "Changes code in small, checked steps.",
            "personality": "Careful.",
            "skills": ["python"],
            "triggers": [{"kinds": [kind]}],
            "actions": ["push_branch", "open_pr"],
            "resume": RESUME,
            **extra,
        }
    )


def commit_model() -> ScriptedModel:
    """A model that classifies the change as a fix and writes its subject and body."""
    model = ScriptedModel("coder-model", strict=True)
    model.script("choose", "fix").script("generate", f'"fix: {SUBJECT}."\n', BODY)
    return model


def ssh_key(folder: Path) -> Path:
    """A fresh passphrase-less ed25519 signing key (mode 0600, as ssh-keygen wants it)."""
    key = folder / "signing_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bot", "-f", str(key)], check=True
    )
    return key


def allowed_signers(key: Path, email: str, folder: Path) -> Path:
    """An ``allowedSignersFile`` that trusts ``key``'s public half for ``email``."""
    kind, public = Path(f"{key}.pub").read_text().split()[:2]
    allowed = folder / "allowed_signers"
    allowed.write_text(f"{email} {kind} {public}\n")
    return allowed


async def run_task(
    board: Board,
    souls: dict[str, Soul],
    settings: GiteaSettings,
    workspaces: Path,
    entry: dict[str, Any],
    model: ModelProvider,
) -> Task:
    """Post ``entry`` with a team of ``MiniCoder``s running until its task ends."""
    team = Team(
        board,
        souls,
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
        overrides={name: MiniCoder for name in souls},
        gitea=settings,
        workspaces=workspaces,
    )
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            posted = (await client.post("/entries", json=entry)).json()

        async def ended() -> bool:
            async with board.sessions() as session:
                task = await session.scalar(select(Task).where(Task.entry_id == posted["id"]))
                return task is not None and task.status in ("done", "failed")

        await wait_for(ended, limit_s=60, what=f"the task on entry {posted['id']}")
    finally:
        await team.stop()
    async with board.sessions() as session:
        task = await session.scalar(select(Task).where(Task.entry_id == posted["id"]))
        assert task is not None
        return task


async def run_outbox(
    board: Board, settings: GiteaSettings, souls: dict[str, Soul], secret: bytes
) -> list[Action]:
    """Run every open outbox action once, here (``souls``: who may ask for what)."""
    async with GiteaClient(settings) as client:
        executor = OutboxExecutor(
            board, {"gitea": GiteaChannel(GiteaAPI(client), settings, secret)}, Principals(souls)
        )
        return await executor.run_pending()
