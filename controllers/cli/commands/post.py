"""``gitea-assistants post --kind question "text"``: put an entry on the board.

stdout gets its id (or the entry as JSON); stderr says what was created and where to watch it.
A goal may name its repository (``--repo``) and be followed until done (``--wait``: each task
of its plan as it changes, then the note that answers it).
"""

from __future__ import annotations

import click

from blackboard.models.vocabulary import EntryKind
from controllers.cli.app import app_settings
from controllers.cli.choices import VocabularyChoice
from controllers.cli.client import ApiClient
from controllers.cli.goal_watch import GoalWatch
from controllers.cli.output import print_json
from controllers.cli.watching import announce_entry, say


@click.command("post")
@click.argument("text")
@click.option(
    "--kind",
    type=VocabularyChoice(EntryKind),
    default=EntryKind.QUESTION.value,
    show_default=True,
)
@click.option("--title", default=None, help="Title (default: the first line of TEXT).")
@click.option("--tag", "tags", multiple=True, help="Tag the entry (repeatable).")
@click.option("--author", default="human", show_default=True)
@click.option(
    "--repo",
    default=None,
    help="owner/name the entry is about (a goal's plan opens its issues there).",
)
@click.option("--wait", is_flag=True, help="For a goal: follow its plan until it is done.")
@click.option(
    "--timeout",
    "timeout_s",
    default=3600,
    show_default=True,
    type=int,
    help="Seconds to wait with --wait.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the stored entry as JSON.")
def post_command(
    text: str,
    kind: str,
    title: str | None,
    tags: tuple[str, ...],
    author: str,
    repo: str | None,
    wait: bool,
    timeout_s: int,
    as_json: bool,
) -> None:
    """Post a goal, question or other entry to the running board."""
    if not text.strip():
        raise click.BadParameter("the text is empty", param_hint="TEXT")
    if repo is not None and repo.count("/") != 1:
        raise click.BadParameter("use owner/name", param_hint="--repo")
    if wait and kind != EntryKind.GOAL:
        raise click.BadParameter(
            "--wait follows goals; for a question use 'gitea-assistants ask --wait'",
            param_hint="--wait",
        )
    first_line = text.strip().splitlines()[0]
    title = title or (first_line if len(first_line) <= 200 else first_line[:197] + "...")
    client = ApiClient(app_settings().board)
    entry = client.request(
        "POST",
        "/entries",
        json={
            "kind": kind,
            "title": title,
            "body": text,
            "tags": list(tags),
            "author": author,
            "meta": {"repo": repo} if repo else {},
        },
    )
    announce_entry(client, entry)
    if wait:
        _, running = client.team()
        if not running:
            raise click.ClickException(
                f"no agents are running (up was started with --no-agents): nobody will plan "
                f"goal {entry['id']} until 'gitea-assistants up' runs with its team"
            )
        note = GoalWatch(client, entry["id"]).until_done(timeout_s)
        say(f'goal {entry["id"]} done: "{note["title"]}"')
        if as_json:
            print_json({"goal": entry, "note": note})
        else:
            click.echo(note["body"])
    elif as_json:
        print_json(entry)
    else:
        click.echo(entry["id"])


CLI_COMMAND = post_command
