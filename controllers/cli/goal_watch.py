"""Following a goal from the terminal (``post --kind goal --wait``) until its plan is done.

It prints each change of the goal's tasks once, as ``ask --wait`` does for a question: the
planner's task on the goal, then each step's tasks (``step 2 (doc-writer): task 14 queued for
doc-writer``); when every step is done the planner marks the goal ``done`` and the note that
answers it is printed. A goal the planner decided not to plan, or whose planning failed, ends
the wait at once with what happened.
"""

from __future__ import annotations

import time
from typing import Any

import click

from blackboard.models.vocabulary import EntryStatus, LinkKind, TaskStatus
from controllers.cli.client import ApiClient
from controllers.cli.commands.ask import _describe, decision_of
from controllers.cli.watching import say

POLL_S = 0.5
OPEN = (TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.ACTIVE)


class GoalWatch:
    """Follows one goal's plan and prints each change once."""

    def __init__(self, client: ApiClient, goal_id: int) -> None:
        self.client = client
        self.goal_id = goal_id
        self.seen: dict[int, str] = {}

    def until_done(self, timeout_s: int) -> dict[str, Any]:
        """The note that answers the goal once it is done; refuses on a goal left unplanned, a
        failed planning task, or the timeout."""
        say(f"waiting for the team to plan goal {self.goal_id}...")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            links = self.client.request("GET", f"/entries/{self.goal_id}/links")
            own = self.client.request("GET", "/tasks", params={"entry": self.goal_id})
            for task in own:
                self._show("", task)
            steps = _steps(self.client, self.goal_id, links)
            for step in steps:
                label = (
                    f"step {step['meta'].get('plan_step')} ({step['meta'].get('assigned_to')}): "
                )
                for task in self.client.request("GET", "/tasks", params={"entry": step["id"]}):
                    self._show(label, task)
            goal = self.client.request("GET", f"/entries/{self.goal_id}")
            if goal["status"] == EntryStatus.DONE:
                note = _answer(self.client, links)
                if note is not None:
                    return note
            if not steps and own and all(t["status"] not in OPEN for t in own):
                raise click.ClickException(
                    f"goal {self.goal_id} was not planned: "
                    + "; ".join(
                        f"task {t['id']} ({t['agent']}) {decision_of(t) or t['status']}"
                        + (f": {t['error']}" if t.get("error") else "")
                        for t in own
                    )
                )
            time.sleep(POLL_S)
        raise click.ClickException(
            f"goal {self.goal_id} is not done after {timeout_s}s (its plan goes on; see "
            f"'gitea-assistants tasks list' and its web page)"
        )

    def _show(self, label: str, task: dict[str, Any]) -> None:
        line = label + _describe(task)
        if self.seen.get(task["id"]) != line:
            self.seen[task["id"]] = line
            say(line)


def _steps(client: ApiClient, goal_id: int, links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The goal's plan steps (task entries derived from it and assigned), in step order."""
    found = []
    for link in links:
        if link["kind"] == LinkKind.DERIVED_FROM and link["target_id"] == goal_id:
            entry = client.request("GET", f"/entries/{link['source_id']}")
            if "plan_step" in entry["meta"]:
                found.append(entry)
    return sorted(found, key=lambda e: int(e["meta"]["plan_step"]))


def _answer(client: ApiClient, links: list[dict[str, Any]]) -> dict[str, Any] | None:
    for link in links:
        if link["kind"] == LinkKind.ANSWERS:
            note: dict[str, Any] = client.request("GET", f"/entries/{link['source_id']}")
            return note
    return None
