"""Printing results: rich tables for people, JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Column, Table

console = Console()


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no colour codes), for pipes."""
    click.echo(json.dumps(data, indent=2, default=str))


def short(header: str, max_width: int | None = None) -> Column:
    """A column kept on one line: cut with an ellipsis at ``max_width`` (or when space runs out)."""
    return Column(header, no_wrap=True, overflow="ellipsis", max_width=max_width)


def flexible(header: str) -> Column:
    """A column on one line that takes the width the others leave, cut with an ellipsis."""
    return Column(header, no_wrap=True, overflow="ellipsis", ratio=1, min_width=8)


def print_table(title: str, columns: Sequence[str | Column], rows: Sequence[Sequence[Any]]) -> None:
    """A rich table; a plain header makes a column that folds long values onto more lines,
    ``short``/``flexible`` columns stay on one line (``--json`` gives the whole values)."""
    made = [c if isinstance(c, Column) else Column(c, overflow="fold") for c in columns]
    # flexible columns share what the others leave of the terminal's width
    fit = any(c.ratio for c in made)
    table = Table(*made, title=title, expand=fit)
    if fit:  # no vertical rules: one space between columns leaves more to the flexible ones
        table.box, table.padding, table.pad_edge = box.SIMPLE_HEAD, (0, 1, 0, 0), False
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
