"""The repository's own checks run by the gate, through a ``CheckRunner`` a sandbox can replace.

``SubprocessCheckRunner`` is the default: a plain child process in the workspace, in its own
process group, killed as a group after its timeout. The sandbox (``sandbox*.py``) plugs in by
offering the same ``run`` method.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

FILES_PLACEHOLDER = "{files}"


class CheckCommand(BaseModel):
    """A check the repository or the soul names, e.g. ``ruff check {files}``.

    An argument that is exactly ``{files}`` becomes the edited files' paths.
    """

    name: str
    argv: list[str] = Field(min_length=1)
    timeout_s: float = Field(default=300.0, gt=0)

    def expanded(self, files: Sequence[str]) -> list[str]:
        """The argument list with ``{files}`` replaced by ``files``."""
        out: list[str] = []
        for arg in self.argv:
            out.extend(files if arg == FILES_PLACEHOLDER else [arg])
        return out


@dataclass(frozen=True)
class CheckOutcome:
    """What a check run produced: exit code (``None`` when killed), merged output, timeout flag."""

    exit_code: int | None
    output: str
    timed_out: bool = False

    @property
    def passed(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


class CheckRunner(Protocol):
    """Runs one command in a directory with a wall-clock limit."""

    async def run(self, argv: Sequence[str], cwd: Path, timeout_s: float) -> CheckOutcome: ...


class SubprocessCheckRunner:
    """A plain subprocess (no isolation); the whole process group is killed on timeout."""

    async def run(self, argv: Sequence[str], cwd: Path, timeout_s: float) -> CheckOutcome:
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                cwd=cwd,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as error:
            return CheckOutcome(None, f"cannot start {argv[0]!r}: {error.strerror}")
        try:
            stdout, _ = await asyncio.wait_for(process.communicate(), timeout_s)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            stdout, _ = await process.communicate()
            text = stdout.decode("utf-8", "replace")
            return CheckOutcome(None, f"{text}\nkilled after {timeout_s:g} s", timed_out=True)
        return CheckOutcome(process.returncode, stdout.decode("utf-8", "replace"))
