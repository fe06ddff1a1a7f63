"""A task's limits from its soul (``limits:``), enforced in code: ``TaskBudget``.

Tool calls are charged by ``call_tool`` on a workbench that carries the budget; wall time is
checked with every charge and enforced by the worker around the whole step; files touched and
lines changed are checked by ``publish`` on the diff before anything is committed. Reaching a
limit raises ``LimitReached``: the worker ends the task with a ``Decision`` saying which limit,
and none of the task's contributions (so no commit, no pull request) are applied.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from knowledge_sources.souls.schema import TaskLimits


class LimitReached(Exception):
    """A task reached one of its limits; the message names it and the soul setting to raise."""


def changed_lines(diff: str) -> int:
    """Lines added plus lines removed in a unified diff."""
    return sum(
        1
        for line in diff.splitlines()
        if (line.startswith("+") and not line.startswith("+++"))
        or (line.startswith("-") and not line.startswith("---"))
    )


@dataclass
class TaskBudget:
    """What one task has used of its limits."""

    limits: TaskLimits = field(default_factory=TaskLimits)
    started: float = field(default_factory=time.monotonic)
    tool_calls: int = 0

    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    def check_time(self) -> None:
        """Raise when the task ran longer than ``limits.wall_s``."""
        wall = self.limits.wall_s
        if wall is not None and self.elapsed_s() > wall:
            raise LimitReached(
                f"the task ran {self.elapsed_s():.0f} s, over its limit of {wall:g} s "
                "(limits.wall_s in the soul's file)"
            )

    def tool_call(self) -> None:
        """Charge one tool call; raise when it would go over ``limits.tool_calls``."""
        self.check_time()
        if self.tool_calls >= self.limits.tool_calls:
            raise LimitReached(
                f"the task used its {self.limits.tool_calls} tool calls "
                "(limits.tool_calls in the soul's file)"
            )
        self.tool_calls += 1

    def check_change(self, files: int, lines: int) -> None:
        """Raise when a change touches more files or lines than allowed."""
        if files > self.limits.files:
            raise LimitReached(
                f"the change touches {files} files, over the limit of {self.limits.files} "
                "(limits.files in the soul's file)"
            )
        if lines > self.limits.lines:
            raise LimitReached(
                f"the change adds and removes {lines} lines, over the limit of "
                f"{self.limits.lines} (limits.lines in the soul's file)"
            )
