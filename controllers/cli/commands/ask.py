"""``gitea-assistants ask "question"``: post a question and (with --wait) follow it to the note."""

from __future__ import annotations

import time
from typing import Any

import click

from blackboard.models.vocabulary import EntryKind, LinkKind
from controllers.cli.client import ApiClient
from controllers.cli.output import console, print_json


@click.command("ask")
@click.argument("question")
@click.option("--repo", default=None, help="owner/name whose wiki gets the research note.")
@click.option("--wait", is_flag=True, help="Wait for the research note and print it.")
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
    client = ApiClient()
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
    if not wait:
        print_json(entry) if as_json else click.echo(entry["id"])
        return
    with console.status(f"question {entry['id']} posted; waiting for the research note..."):
        note = _wait_for_note(client, entry["id"], timeout_s)
    if note is None:
        raise click.ClickException(
            f"no research note for question {entry['id']} after "
            f"{timeout_s}s (see 'gitea-assistants tasks list')"
        )
    if as_json:
        print_json({"question": entry, "note": note})
    else:
        click.echo(note["body"])


def _wait_for_note(client: ApiClient, entry_id: int, timeout_s: int) -> dict[str, Any] | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for link in client.request("GET", f"/entries/{entry_id}/links"):
            if link["kind"] == LinkKind.ANSWERS and link["target_id"] == entry_id:
                note: dict[str, Any] = client.request("GET", f"/entries/{link['source_id']}")
                if note["kind"] == EntryKind.RESEARCH_NOTE:
                    return note
        time.sleep(1.0)
    return None


CLI_COMMAND = ask_command
