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

from blackboard.models import Entry
from knowledge_sources.contributions import Contribution
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context
from knowledge_sources.workbench.checks import CheckCommand
from knowledge_sources.workbench.gate import Gate
from knowledge_sources.workbench.publish import publish
from knowledge_sources.workbench.tools import call_tool
from knowledge_sources.workbench.workbench import Workbench
from knowledge_sources.workbench.workspace import Workspace
from tests.team_helpers import RESUME

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
