"""``gitea-assistants post --kind question "text"``: put an entry on the board, print its id."""

from __future__ import annotations

import click

from blackboard.models.vocabulary import EntryKind
from controllers.cli.client import ApiClient
from controllers.cli.output import print_json


@click.command("post")
@click.argument("text")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in EntryKind]),
    default=EntryKind.QUESTION.value,
    show_default=True,
)
@click.option("--title", default=None, help="Title (default: the first line of TEXT).")
@click.option("--tag", "tags", multiple=True, help="Tag the entry (repeatable).")
@click.option("--author", default="human", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the stored entry as JSON.")
def post_command(
    text: str, kind: str, title: str | None, tags: tuple[str, ...], author: str, as_json: bool
) -> None:
    """Post a goal, question or other entry to the running board."""
    if not text.strip():
        raise click.BadParameter("the text is empty", param_hint="TEXT")
    first_line = text.strip().splitlines()[0]
    title = title or (first_line if len(first_line) <= 200 else first_line[:197] + "...")
    entry = ApiClient().request(
        "POST",
        "/entries",
        json={"kind": kind, "title": title, "body": text, "tags": list(tags), "author": author},
    )
    if as_json:
        print_json(entry)
    else:
        click.echo(entry["id"])


CLI_COMMAND = post_command
