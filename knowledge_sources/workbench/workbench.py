"""The workbench: one task's workspace, its undo journal and its gate, behind every edit tool.

Each edit goes the same way: resolve the path inside the workspace, compute the new text, record
the old bytes in the journal, write, run the gate. A parse failure refuses the edit (the file
is restored at once) unless the file did not parse before it either (then the edit stays, with
a failing gate, so a broken file can be repaired); a failing check keeps the edit so the agent
can revise it or ``undo`` it.
``last_gate`` is what a commit step must look at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.gate import Gate, GateResult
from knowledge_sources.workbench.journal import EditJournal
from knowledge_sources.workbench.line_edits import insert_lines, replace_lines
from knowledge_sources.workbench.neovim_ex import run_ex
from knowledge_sources.workbench.parse_check import parse_error
from knowledge_sources.workbench.python_ast import replace_definition
from knowledge_sources.workbench.search import format_hits, search_workspace
from knowledge_sources.workbench.search_replace import replace_exactly_once
from knowledge_sources.workbench.task_limits import TaskBudget
from knowledge_sources.workbench.text import read_text, write_text
from knowledge_sources.workbench.view import view_window
from knowledge_sources.workbench.workspace import Workspace


@dataclass(frozen=True)
class ToolResult:
    """What the agent sees: whether the call did what it asked, and the text to read."""

    ok: bool
    output: str
    gate: GateResult | None = None


@dataclass
class Workbench:
    """The tools of one task on one workspace."""

    workspace: Workspace
    gate: Gate = field(default_factory=Gate)
    journal: EditJournal = field(default_factory=EditJournal)
    nvim: str | None = None
    last_gate: GateResult | None = None
    budget: TaskBudget | None = None
    """The task's limits: every tool call is charged to it (``call_tool``)."""

    def view(self, path: str, start: int = 1, count: int = 100) -> ToolResult:
        return ToolResult(True, view_window(self.workspace, path, start, count))

    def search(
        self, pattern: str, *, regex: bool = False, under: str = "", glob: str | None = None
    ) -> ToolResult:
        hits, truncated = search_workspace(
            self.workspace, pattern, regex=regex, under=under, glob=glob
        )
        return ToolResult(True, format_hits(hits, truncated))

    async def search_replace(self, path: str, old: str, new: str) -> ToolResult:
        return await self._edit_text(
            path, f"replaced text in {path}", lambda t: replace_exactly_once(t, old, new, path=path)
        )

    async def insert_lines(self, path: str, before_line: int, content: str) -> ToolResult:
        return await self._edit_text(
            path,
            f"inserted lines before line {before_line} of {path}",
            lambda t: insert_lines(t, before_line, content),
        )

    async def replace_lines(self, path: str, first: int, last: int, content: str) -> ToolResult:
        return await self._edit_text(
            path,
            f"replaced lines {first}-{last} of {path}",
            lambda t: replace_lines(t, first, last, content),
        )

    async def replace_definition(self, path: str, qualified_name: str, source: str) -> ToolResult:
        return await self._edit_text(
            path,
            f"replaced {qualified_name} in {path}",
            lambda t: replace_definition(t, qualified_name, source),
        )

    async def create_file(self, path: str, content: str) -> ToolResult:
        target = self.workspace.resolve(path)
        if target.exists():
            raise WorkbenchError(f"{path} exists already; edit it instead of creating it")
        self.journal.record(target, f"created {path}")
        write_text(target, content)
        return await self._gate(path, f"created {path}")

    async def delete_file(self, path: str) -> ToolResult:
        target = self.workspace.existing_file(path)
        self.journal.record(target, f"deleted {path}")
        target.unlink()
        return await self._gate(path, f"deleted {path}")

    async def neovim_ex(self, path: str, commands: list[str]) -> ToolResult:
        target = self.workspace.existing_file(path)
        read_text(target)  # text files only
        entry = self.journal.record(target, f"ran {len(commands)} Ex command(s) on {path}")
        try:
            run_ex(target, commands, self.nvim)
        except WorkbenchError:
            self.journal.undo()
            raise
        if target.read_bytes() == entry.before:
            self.journal.undo()
            return ToolResult(False, f"the Ex commands changed nothing in {path}")
        return await self._gate(path, entry.summary)

    async def undo(self) -> ToolResult:
        entry = self.journal.undo()
        name = self.workspace.relative(entry.path)
        result = await self._gate(name, f"undone: {entry.summary}", refuse_unparsable=False)
        return ToolResult(True, result.output, result.gate)

    async def _edit_text(self, path: str, summary: str, change: Callable[[str], str]) -> ToolResult:
        target = self.workspace.existing_file(path)
        before = read_text(target)
        after = change(before)
        if after == before:
            return ToolResult(False, f"the edit changes nothing in {path}")
        self.journal.record(target, summary)
        write_text(target, after)
        return await self._gate(path, summary)

    def _parsed_before(self, path: str) -> bool:
        before = self.journal.entries[-1].before
        return before is None or parse_error(path, before.decode("utf-8", "replace")) is None

    async def _gate(self, path: str, summary: str, *, refuse_unparsable: bool = True) -> ToolResult:
        """The gate on ``path`` after the newest edit; an edit that broke parsing is undone."""
        result = await self.gate.check(self.workspace, [path])
        if result.stage == "parse" and refuse_unparsable and self._parsed_before(path):
            self.journal.undo()  # the workspace is as before the edit, so is last_gate
            return ToolResult(False, f"refused, the file would not parse:\n{result.report}", result)
        self.last_gate = result
        if not result.passed:
            return ToolResult(
                False,
                f"{summary}; the gate failed — revise the edit or undo it:\n{result.report}",
                result,
            )
        return ToolResult(True, f"{summary}; gate: {result.report}", result)
