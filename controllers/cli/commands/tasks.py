"""``gitea-assistants tasks list|move|cancel|assign``: people steering the agents' work."""

from __future__ import annotations

from typing import Any

import click

from blackboard.models.vocabulary import TaskStatus
from controllers.cli.client import ApiClient
from controllers.cli.output import print_json, print_table


@click.group("tasks")
def tasks_group() -> None:
    """List and steer the agents' tasks (the queues follow the board)."""


@tasks_group.command("list")
@click.option("--agent", default=None)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="pending, queued, active, done, failed, cancelled (repeatable).",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True)
def list_command(agent: str | None, statuses: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Tasks, highest priority first."""
    params: dict[str, Any] = {"limit": limit}
    if agent:
        params["agent"] = agent
    if statuses:
        params["status"] = list(statuses)
    tasks = ApiClient().request("GET", "/tasks", params=params)
    if as_json:
        print_json(tasks)
        return
    print_table(
        "tasks",
        ["id", "agent", "status", "priority", "entry", "attempts", "reason"],
        [
            [
                t["id"],
                t["agent"],
                t["status"],
                f"{t['priority']:.3f}",
                t["entry_id"],
                t["attempts"],
                t["reason"][:80],
            ]
            for t in tasks
        ],
    )


def _patch(task_id: int, **changes: Any) -> dict[str, Any]:
    client = ApiClient()
    current = client.request("GET", f"/tasks/{task_id}")
    result: dict[str, Any] = client.request(
        "PATCH", f"/tasks/{task_id}", json={"version": current["version"], **changes}
    )
    return result


@tasks_group.command("move")
@click.argument("task_id", type=int)
@click.argument("priority", type=float)
def move_command(task_id: int, priority: float) -> None:
    """Set a task's priority (higher runs sooner)."""
    task = _patch(task_id, priority=priority)
    click.echo(f"task {task['id']} priority {task['priority']}")


@tasks_group.command("cancel")
@click.argument("task_id", type=int)
def cancel_command(task_id: int) -> None:
    """Cancel a task (its queued job is aborted)."""
    task = _patch(task_id, status=TaskStatus.CANCELLED)
    click.echo(f"task {task['id']} {task['status']}")


@tasks_group.command("assign")
@click.argument("task_id", type=int)
@click.argument("agent")
def assign_command(task_id: int, agent: str) -> None:
    """Give a task to another agent (it moves to that agent's queue)."""
    task = _patch(task_id, agent=agent)
    click.echo(f"task {task['id']} assigned to {task['agent']}")


CLI_COMMAND = tasks_group
