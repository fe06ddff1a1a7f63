"""``gitea-assistants tasks list|move|cancel|assign|retry``: people steering the agents' work.

Every steering command says exactly what changed, or refuses (exit 1) and says why; an agent
not on the team is refused before anything changes, with the team's names.
"""

from __future__ import annotations

from typing import Any

import click

from blackboard.models.vocabulary import TaskStatus
from controllers.cli.app import app_settings
from controllers.cli.choices import VocabularyChoice
from controllers.cli.client import ApiClient
from controllers.cli.output import flexible, print_json, print_table, short
from controllers.suggestions import unknown_name

OPEN = (TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.ACTIVE)
RETRYABLE = (TaskStatus.FAILED, TaskStatus.CANCELLED)


@click.group("tasks")
def tasks_group() -> None:
    """List and steer the agents' tasks (the queues follow the board)."""


@tasks_group.command("list")
@click.option("--agent", default=None, help="Only this agent's tasks.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=VocabularyChoice(TaskStatus),
    help="Only these statuses (repeatable).",
)
@click.option("--entry", "entry_id", default=None, type=int, help="Only the tasks on this entry.")
@click.option(
    "--created-by",
    default=None,
    help="Only the tasks this person or agent created (an agent: its scans and hand-offs; "
    "control: what the board's triggers scheduled).",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True)
def list_command(
    agent: str | None,
    statuses: tuple[str, ...],
    entry_id: int | None,
    created_by: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Tasks, highest priority first, with who created each."""
    client = ApiClient(app_settings().board)
    params: dict[str, Any] = {"limit": limit}
    if agent:
        _known_agent(client, agent)
        params["agent"] = agent
    if statuses:
        params["status"] = list(statuses)
    if entry_id is not None:
        params["entry"] = entry_id
    if created_by:
        params["created_by"] = created_by
    tasks = client.request("GET", "/tasks", params=params)
    if as_json:
        print_json(tasks)
        return
    print_table(
        "tasks",
        [
            short("id"),
            short("agent", 12),
            short("status", 9),
            short("prio"),
            short("entry"),
            short("tries"),
            short("by", 12),
            flexible("reason"),
            flexible("error"),
        ],
        [
            [
                t["id"],
                t["agent"],
                t["status"],
                f"{t['priority']:.2f}",
                t["entry_id"],
                t["attempts"],
                t["created_by"],
                " ".join(t["reason"].split()),
                " ".join((t["error"] or "").split()),
            ]
            for t in tasks
        ],
    )


def _known_agent(client: ApiClient, agent: str) -> None:
    names, _ = client.team()
    if agent not in names:
        raise click.BadParameter(unknown_name("agent", agent, names), param_hint="AGENT")


def _read(client: ApiClient, task_id: int) -> dict[str, Any]:
    task: dict[str, Any] = client.request("GET", f"/tasks/{task_id}")
    return task


def _patch(client: ApiClient, task: dict[str, Any], **changes: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.request(
        "PATCH", f"/tasks/{task['id']}", json={"version": task["version"], **changes}
    )
    return result


def _refuse(task: dict[str, Any], why: str) -> click.ClickException:
    return click.ClickException(f"task {task['id']} not changed: {why}")


@tasks_group.command("move")
@click.argument("task_id", type=int)
@click.argument("priority", type=float)
def move_command(task_id: int, priority: float) -> None:
    """Set an open task's priority (higher runs sooner)."""
    client = ApiClient(app_settings().board)
    task = _read(client, task_id)
    if task["status"] not in OPEN:
        raise _refuse(task, f"it is {task['status']}, so it is on no queue")
    if task["priority"] == priority:
        click.echo(f"task {task_id} already has priority {priority:g}; nothing changed")
        return
    moved = _patch(client, task, priority=priority)
    click.echo(
        f"task {task_id} priority {task['priority']:g} -> {moved['priority']:g} "
        f"({moved['status']}, {moved['agent']}'s queue)"
    )


@tasks_group.command("cancel")
@click.argument("task_id", type=int)
def cancel_command(task_id: int) -> None:
    """Cancel an open task (its queued or running job is aborted)."""
    client = ApiClient(app_settings().board)
    task = _read(client, task_id)
    if task["status"] == TaskStatus.CANCELLED:
        click.echo(f"task {task_id} is already cancelled; nothing changed")
        return
    if task["status"] not in OPEN:
        raise _refuse(task, f"it is already {task['status']}")
    cancelled = _patch(client, task, status=TaskStatus.CANCELLED)
    click.echo(
        f"task {task_id} {task['status']} -> {cancelled['status']} "
        f"({task['agent']}'s job is aborted; 'tasks retry {task_id}' runs it again)"
    )


@tasks_group.command("assign")
@click.argument("task_id", type=int)
@click.argument("agent")
def assign_command(task_id: int, agent: str) -> None:
    """Give an open task to another agent (it moves to that agent's queue)."""
    client = ApiClient(app_settings().board)
    _known_agent(client, agent)
    task = _read(client, task_id)
    if task["status"] in RETRYABLE:
        raise _refuse(
            task,
            f"it is {task['status']}; to run it again with {agent}, use "
            f"'gitea-assistants tasks retry {task_id} --agent {agent}'",
        )
    if task["status"] not in OPEN:
        raise _refuse(task, f"it is {task['status']}")
    if task["agent"] == agent:
        click.echo(f"task {task_id} is already {agent}'s; nothing changed")
        return
    moved = _patch(client, task, agent=agent)
    click.echo(
        f"task {task_id} reassigned: {task['agent']} -> {moved['agent']} "
        f"({moved['status']}; it moves to {moved['agent']}'s queue)"
    )


@tasks_group.command("retry")
@click.argument("task_id", type=int)
@click.option("--agent", default=None, help="Give it to this agent for the new run.")
def retry_command(task_id: int, agent: str | None) -> None:
    """Run a failed or cancelled task again (back to pending; it is queued anew)."""
    client = ApiClient(app_settings().board)
    names, running = client.team()
    if agent is not None and agent not in names:
        raise click.BadParameter(unknown_name("agent", agent, names), param_hint="--agent")
    task = _read(client, task_id)
    if task["status"] not in RETRYABLE:
        raise _refuse(task, f"it is {task['status']}; only failed or cancelled tasks are retried")
    if agent is None and task["agent"] not in names:
        raise _refuse(
            task, f"{unknown_name('agent', task['agent'], names)}; choose one with --agent"
        )
    changes: dict[str, Any] = {"status": TaskStatus.PENDING, "error": None}
    if agent is not None and agent != task["agent"]:
        changes["agent"] = agent
    retried = _patch(client, task, **changes)
    was = f" (it had failed: {task['error']})" if task["error"] else ""
    click.echo(
        f"task {task_id} {task['status']} -> {retried['status']} for {retried['agent']}{was}"
    )
    if not running:
        click.echo(
            "note: no agents are running (up was started with --no-agents); the task waits",
            err=True,
        )


CLI_COMMAND = tasks_group
