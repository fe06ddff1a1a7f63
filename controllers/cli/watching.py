"""Telling a person what was created and where to follow it (CLI command and web page).

The narration goes to stderr, so stdout stays what scripts read (the id, or JSON).
"""

from __future__ import annotations

from typing import Any

import click

from controllers.cli.client import ApiClient


def say(message: str) -> None:
    """One line for the person at the terminal (stderr)."""
    click.echo(message, err=True)


def announce_entry(client: ApiClient, entry: dict[str, Any]) -> None:
    """``question 12 posted: "title"`` and where to watch it."""
    entry_id = entry["id"]
    say(f'{entry["kind"]} {entry_id} posted: "{entry["title"]}"')
    say(
        f"  watch it: gitea-assistants tasks list --entry {entry_id}   "
        f"web: {client.web_url(f'/entries/{entry_id}')}"
    )
