"""``gitea-assistants search QUERY``: hybrid search of the board."""

from __future__ import annotations

import click

from blackboard.models.vocabulary import EntryKind
from blackboard.schemas.search import cite
from controllers.cli.app import app_settings
from controllers.cli.choices import VocabularyChoice
from controllers.cli.client import ApiClient
from controllers.cli.output import print_json, print_table


@click.command("search")
@click.argument("query")
@click.option("--k", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=VocabularyChoice(EntryKind),
    help="Only entries of these kinds.",
)
@click.option("--tag", "tags", multiple=True, help="Only entries with any of these tags.")
@click.option("--source", "source_prefix", default=None, help="Only sources starting with this.")
@click.option(
    "--mode", type=click.Choice(["hybrid", "vector", "text"]), default="hybrid", show_default=True
)
@click.option("--json", "as_json", is_flag=True)
def search_command(
    query: str,
    k: int,
    kinds: tuple[str, ...],
    tags: tuple[str, ...],
    source_prefix: str | None,
    mode: str,
    as_json: bool,
) -> None:
    """Search the board (vectors + full text, fused)."""
    body = {
        "query": query,
        "k": k,
        "kinds": list(kinds),
        "tags": list(tags),
        "source_prefix": source_prefix,
        "mode": mode,
    }
    hits = ApiClient(app_settings().board).request("POST", "/search", json=body)
    if as_json:
        print_json(hits)
        return
    rows = []
    for h in hits:
        where = cite(h["source_uri"] or f"entry {h['entry_id']}", h["start_line"], h["end_line"])
        snippet = " ".join(h["text"].split())[:160]
        rows.append([f"{h['score']:.4f}", h["kind"], h["title"], where, snippet])
    print_table(f"search: {query}", ["score", "kind", "title", "source", "passage"], rows)


CLI_COMMAND = search_command
