"""``gitea-assistants ask "question"``: post a question and (with --wait) follow it to the note.

With ``--wait`` each change of the question's tasks is printed once, as a line on stderr
(queued, active with which agent, the stage the agent reports, done or failed; a task done with
nothing written says what its agent decided and why), then the note; when no agents run
(``up --no-agents``) it says so at once instead of waiting, and when every task finished
without a note it says what each decided instead of waiting for the timeout.
"""

from __future__ import annotations

import time
from typing import Any

import click

from blackboard.models.vocabulary import EntryKind, LinkKind, TaskStatus
from controllers.cli.app import app_settings
from controllers.cli.client import ApiClient
from controllers.cli.output import print_json
from controllers.cli.watching import announce_entry, say

POLL_S = 0.5


@click.command("ask")
@click.argument("question")
@click.option("--repo", default=None, help="owner/name whose wiki gets the research note.")
@click.option("--wait", is_flag=True, help="Follow the question and print the research note.")
@click.option(
    "--timeout",
    "timeout_s",
    default=1800,
    show_default=True,
    type=int,
    help="Seconds to wait with --wait.",
)
@click.option("--json", "as_json", is_flag=True)
def ask_command(question: str, repo: str | None, wait: bool, timeout_s: int, as_json: bool) -> None:
    """Ask the team a question; the researcher answers with a cited note."""
    if not question.strip():
        raise click.BadParameter("the question is empty", param_hint="QUESTION")
    if repo is not None and repo.count("/") != 1:
        raise click.BadParameter("use owner/name", param_hint="--repo")
    client = ApiClient(app_settings().board)
    title = question.strip().splitlines()[0][:200]
    entry = client.request(
        "POST",
        "/entries",
        json={
            "kind": EntryKind.QUESTION,
            "title": title,
            "body": question,
            "meta": {"repo": repo} if repo else {},
        },
    )
    announce_entry(client, entry)
    if not wait:
        print_json(entry) if as_json else click.echo(entry["id"])
        return
    _, running = client.team()
    if not running:
        raise click.ClickException(
            f"no agents are running (up was started with --no-agents): nobody will answer "
            f"question {entry['id']} until 'gitea-assistants up' runs with its team"
        )
    note = QuestionWatch(client, entry["id"]).until_note(timeout_s)
    note_id = note["id"]
    say(f'research note {note_id} published: "{note["title"]}"')
    say(f"  web: {client.web_url(f'/entries/{note_id}')}")
    if as_json:
        print_json({"question": entry, "note": note})
    else:
        click.echo(note["body"])


class QuestionWatch:
    """Follows one question's tasks and prints each change once."""

    def __init__(self, client: ApiClient, entry_id: int) -> None:
        self.client = client
        self.entry_id = entry_id
        self.seen: dict[int, str] = {}

    def until_note(self, timeout_s: int) -> dict[str, Any]:
        """The research note answering the question; refuses on a failed task or the timeout."""
        say(f"waiting for the team to pick up question {self.entry_id}...")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            tasks = self.client.request("GET", "/tasks", params={"entry": self.entry_id})
            for task in tasks:
                self._show(task)
            note = self._note()
            if note is not None:
                for task in self.client.request("GET", "/tasks", params={"entry": self.entry_id}):
                    self._show(task)  # the final states, done included
                return note
            failed = [t for t in tasks if t["status"] == TaskStatus.FAILED]
            if failed and all(t["status"] not in _OPEN for t in tasks):
                task = failed[0]
                raise click.ClickException(
                    f"task {task['id']} ({task['agent']}) failed: {task['error']}; "
                    f"'gitea-assistants tasks retry {task['id']}' runs it again"
                )
            if tasks and all(t["status"] not in _OPEN for t in tasks):
                raise click.ClickException(
                    f"no research note for question {self.entry_id}: every task finished "
                    f"without one ({'; '.join(_outcome(t) for t in tasks)})"
                )
            time.sleep(POLL_S)
        raise click.ClickException(
            f"no research note for question {self.entry_id} after {timeout_s}s "
            f"(see 'gitea-assistants tasks list --entry {self.entry_id}')"
        )

    def _show(self, task: dict[str, Any]) -> None:
        line = _describe(task)
        if self.seen.get(task["id"]) != line:
            self.seen[task["id"]] = line
            say(line)

    def _note(self) -> dict[str, Any] | None:
        for link in self.client.request("GET", f"/entries/{self.entry_id}/links"):
            if link["kind"] == LinkKind.ANSWERS and link["target_id"] == self.entry_id:
                note: dict[str, Any] = self.client.request("GET", f"/entries/{link['source_id']}")
                if note["kind"] == EntryKind.RESEARCH_NOTE:
                    return note
        return None


_OPEN = (TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.ACTIVE)


def _describe(task: dict[str, Any]) -> str:
    """One line for the task's state: status, agent, and the stage it reports."""
    who, status = task["agent"], task["status"]
    head = f"task {task['id']}"
    if status == TaskStatus.PENDING:
        return f"{head} pending for {who}"
    if status == TaskStatus.QUEUED:
        return f"{head} queued for {who}"
    if status == TaskStatus.ACTIVE:
        stage = task["result"].get("progress") if isinstance(task["result"], dict) else None
        doing = f": {stage}" if stage else " (started)"
        retry = f"; the last attempt: {task['error']}" if task.get("error") else ""
        return f"{head} active, {who} (attempt {task['attempts']}){doing}{retry}"
    if status == TaskStatus.FAILED:
        return f"{head} failed ({who}): {task['error']}"
    decided = decision_of(task)
    if status == TaskStatus.DONE and decided:
        return f"{head} done ({who}): {decided}"
    return f"{head} {status} ({who})"


def decision_of(task: dict[str, Any]) -> str:
    """``decided nothing to add: <why>`` for a task that wrote nothing; "" otherwise."""
    result = task["result"] if isinstance(task["result"], dict) else {}
    if "decision" not in result:
        return ""
    return f"decided {result['decision']}: {result.get('why') or 'no reason given'}"


def _outcome(task: dict[str, Any]) -> str:
    return f"task {task['id']} ({task['agent']}) {decision_of(task) or task['status']}"


CLI_COMMAND = ask_command
