"""``gitea-assistants board``: the most recent entries."""

from __future__ import annotations

import click

from blackboard.models.vocabulary import EntryKind, EntryStatus
from controllers.cli.app import app_settings
from controllers.cli.choices import VocabularyChoice
from controllers.cli.client import ApiClient
from controllers.cli.output import flexible, print_json, print_table, short


@click.command("board")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=VocabularyChoice(EntryKind),
    help="Only these kinds (repeatable).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=VocabularyChoice(EntryStatus),
    help="Only these statuses (repeatable).",
)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True)
def board_command(
    kinds: tuple[str, ...], statuses: tuple[str, ...], limit: int, as_json: bool
) -> None:
    """Show recent entries on the board."""
    params: dict[str, object] = {"limit": limit}
    if kinds:
        params["kind"] = list(kinds)
    if statuses:
        params["status"] = list(statuses)
    entries = ApiClient(app_settings().board).request("GET", "/entries", params=params)
    if as_json:
        print_json(entries)
        return
    print_table(
        "board",
        [
            short("id"),
            short("kind", 13),
            short("status", 9),
            short("author", 10),
            flexible("title"),
            short("updated"),
        ],
        [
            [e["id"], e["kind"], e["status"], e["author"], e["title"], _when(e["updated_at"])]
            for e in entries
        ],
    )


def _when(timestamp: str) -> str:
    """``MM-DD HH:MM`` of an ISO timestamp (the year and seconds do not fit 80 columns)."""
    return f"{timestamp[5:10]} {timestamp[11:16]}"


CLI_COMMAND = board_command
