"""``SandboxCheckRunner``: the gate's checks (ruff, mypy, pytest, a repository's command) run in
the sandbox, so a repository's own code never runs with the team's network or files.

Plugs into ``Gate(runner=...)``: each check gets the sandbox's limits with the check's own
wall-clock time; ``readable`` folders (the virtualenv holding the tools) are mounted read-only.
Where no isolation is available the check fails with the sandbox's reason (nothing runs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from knowledge_sources.workbench.checks import CheckOutcome
from knowledge_sources.workbench.sandbox import SandboxUnavailableError, run_sandboxed
from knowledge_sources.workbench.sandbox_settings import SandboxSettings


class SandboxCheckRunner:
    """Runs a gate's check command inside the sandbox."""

    def __init__(self, settings: SandboxSettings, readable: Sequence[Path] = ()) -> None:
        self.settings = settings
        self.readable = tuple(readable)

    async def run(self, argv: Sequence[str], cwd: Path, timeout_s: float) -> CheckOutcome:
        limits = dataclasses.replace(self.settings.limits(), wall_s=timeout_s)
        try:
            result = await run_sandboxed(
                list(argv),
                workdir=cwd,
                settings=self.settings,
                limits=limits,
                readable=self.readable,
            )
        except SandboxUnavailableError as exc:
            return CheckOutcome(None, f"the check did not run: {exc}")
        exit_code = None if result.killed_for else result.exit_code
        return CheckOutcome(exit_code, result.stdout + result.stderr, result.timed_out)
