"""The gate after each edit: the edited files still parse, then the configured checks pass.

A failing gate reports the stage and trimmed output (head and tail kept) for the agent to
revise or undo the edit; ``GateResult.passed`` is what a commit step must require.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from knowledge_sources.workbench.checks import CheckCommand, CheckRunner, SubprocessCheckRunner
from knowledge_sources.workbench.parse_check import parse_error
from knowledge_sources.workbench.text import read_text
from knowledge_sources.workbench.workspace import Workspace

MAX_REPORT_CHARS = 4000


def trim(text: str, limit: int = MAX_REPORT_CHARS) -> str:
    """``text`` cut to about ``limit`` characters, keeping its head and its tail."""
    if len(text) <= limit:
        return text
    head, tail = text[: limit * 2 // 3], text[-(limit // 3) :]
    return f"{head}\n... {len(text) - len(head) - len(tail)} characters cut ...\n{tail}"


@dataclass(frozen=True)
class GateResult:
    """``passed``, the stage that failed (if any) and the report shown to the agent."""

    passed: bool
    stage: Literal["parse", "checks"] | None
    report: str


@dataclass
class Gate:
    """The parse check of the edited files, then each configured check; the first failure stops."""

    checks: Sequence[CheckCommand] = ()
    runner: CheckRunner = field(default_factory=SubprocessCheckRunner)
    max_report_chars: int = MAX_REPORT_CHARS

    def parse_stage(self, workspace: Workspace, files: Sequence[str]) -> GateResult:
        """Only the parse check, for the files that still exist."""
        errors = [
            error
            for name in files
            if (path := workspace.resolve(name)).is_file()
            and (error := parse_error(name, read_text(path)))
        ]
        if errors:
            return GateResult(False, "parse", trim("\n".join(errors), self.max_report_chars))
        return GateResult(True, None, "parses")

    async def check(self, workspace: Workspace, files: Sequence[str]) -> GateResult:
        """The whole gate for ``files`` (workspace-relative paths of the edited files)."""
        parsed = self.parse_stage(workspace, files)
        if not parsed.passed:
            return parsed
        existing = [name for name in files if workspace.resolve(name).is_file()]
        ran: list[str] = []
        for command in self.checks:
            outcome = await self.runner.run(
                command.expanded(existing), workspace.root, command.timeout_s
            )
            if not outcome.passed:
                status = "timed out" if outcome.timed_out else f"exit {outcome.exit_code}"
                report = f"check {command.name!r} failed ({status}):\n{outcome.output}"
                return GateResult(False, "checks", trim(report, self.max_report_chars))
            ran.append(command.name)
        return GateResult(True, None, "parses" + "".join(f"; {name} passed" for name in ran))
