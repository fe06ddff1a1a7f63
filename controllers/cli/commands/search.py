"""``gitea-assistants search QUERY``: hybrid search of the board, per document or per passage."""

from __future__ import annotations

from typing import Any

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
@click.option(
    "--per",
    type=click.Choice(["entry", "passage"]),
    default="entry",
    show_default=True,
    help="Best k entries (documents), each with its best passages; or best k passages.",
)
@click.option(
    "--passages",
    default=3,
    show_default=True,
    type=click.IntRange(1, 20),
    help="With --per entry: passages shown per entry.",
)
@click.option("--json", "as_json", is_flag=True)
def search_command(
    query: str,
    k: int,
    kinds: tuple[str, ...],
    tags: tuple[str, ...],
    source_prefix: str | None,
    mode: str,
    per: str,
    passages: int,
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
        "passages": passages,
    }
    path = "/search/entries" if per == "entry" else "/search"
    found = ApiClient(app_settings().board).request("POST", path, json=body)
    if as_json:
        print_json(found)
        return
    if per == "entry":
        rows = [_row(e["score"], e, p) for e in found for p in e["passages"]]
    else:
        rows = [_row(h["score"], h, h) for h in found]
    print_table(f"search: {query}", ["score", "kind", "title", "source", "passage"], rows)


def _row(score: float, entry: dict[str, Any], passage: dict[str, Any]) -> list[str]:
    where = cite(
        entry["source_uri"] or f"entry {entry['entry_id']}",
        passage["start_line"],
        passage["end_line"],
    )
    snippet = " ".join(passage["text"].split())[:160]
    return [f"{score:.4f}", entry["kind"], entry["title"], where, snippet]


CLI_COMMAND = search_command
