"""Loop guards: chain depth, per-goal budget, and no agent woken by its own contribution."""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.models import Entry
from controllers.control.settings import ControlSettings


@dataclass(frozen=True)
class Verdict:
    """Whether to schedule, and why not."""

    allowed: bool
    reason: str = ""


def entry_depth(entry: Entry) -> int:
    """How many agent contributions led to this entry (0 for input from people or Gitea)."""
    depth = entry.meta.get("depth", 0)
    return int(depth) if isinstance(depth, int | float) else 0


def check(
    entry: Entry, agent: str, depth: int, goal_tasks: int, settings: ControlSettings
) -> Verdict:
    """Apply the guards to scheduling ``agent`` on ``entry`` at chain ``depth``."""
    if depth > settings.max_depth:
        return Verdict(False, f"chain depth {depth} exceeds {settings.max_depth}")
    if goal_tasks >= settings.goal_budget:
        return Verdict(False, f"goal budget of {settings.goal_budget} tasks is spent")
    if entry.author == agent and not entry.meta.get("wake_author", False):
        return Verdict(False, "an agent is not woken by its own contribution")
    return Verdict(True)
