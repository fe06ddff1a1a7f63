"""``gitea-assistants post --kind question "text"``: put an entry on the board.

stdout gets its id (or the entry as JSON); stderr says what was created and where to watch it.
"""

from __future__ import annotations

import click

from blackboard.models.vocabulary import EntryKind
from controllers.cli.app import app_settings
from controllers.cli.choices import VocabularyChoice
from controllers.cli.client import ApiClient
from controllers.cli.output import print_json
from controllers.cli.watching import announce_entry


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
@click.option("--json", "as_json", is_flag=True, help="Print the stored entry as JSON.")
def post_command(
    text: str,
    kind: str,
    title: str | None,
    tags: tuple[str, ...],
    author: str,
    repo: str | None,
    as_json: bool,
) -> None:
    """Post a goal, question or other entry to the running board."""
    if not text.strip():
        raise click.BadParameter("the text is empty", param_hint="TEXT")
    if repo is not None and repo.count("/") != 1:
        raise click.BadParameter("use owner/name", param_hint="--repo")
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
    if as_json:
        print_json(entry)
    else:
        click.echo(entry["id"])


CLI_COMMAND = post_command
