"""``gitea-assistants db inspect NAME`` / ``db query NAME SQL``: the database specialists' tool
for a person, on the databases the operator names in ``GA_DB_TOOL_DATABASES``.

Both run read-only and time-limited by PostgreSQL itself (``knowledge_sources/database``);
``--json`` prints the whole structure for scripts, rich tables otherwise.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import click

from controllers.cli.app import app_settings
from controllers.cli.commands.db import db_group
from controllers.cli.output import console, print_json, print_table

if TYPE_CHECKING:
    from knowledge_sources.database import DatabaseTool
    from knowledge_sources.database.schema import Table


def _tool() -> DatabaseTool:
    from knowledge_sources.database import DatabaseTool

    settings = app_settings().db_tool
    if not settings.databases:
        raise click.ClickException(
            "no databases named: set GA_DB_TOOL_DATABASES (name=postgresql://..., see "
            "docs/database-specialists.md)"
        )
    return DatabaseTool(settings)


@db_group.command("inspect")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="The whole schema as JSON.")
def inspect_command(name: str, as_json: bool) -> None:
    """Show database NAME's tables, columns, keys and indexes (by reflection, read-only)."""
    from knowledge_sources.database import DatabaseToolError

    try:
        schema = asyncio.run(_tool().inspect(name))
    except DatabaseToolError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(schema.as_dict())
        return
    if not schema.tables:
        console.print(f"database {name!r} has no tables")
    for table in schema.tables:
        _print_table(table)


def _print_table(table: Table) -> None:
    keys = {c: f"-> {fk.target}" for fk in table.foreign_keys for c in fk.columns}
    rows = [
        (
            column.name,
            column.type,
            "" if column.nullable else "not null",
            "PK" if column.name in table.primary_key else keys.get(column.name, ""),
            column.default or "",
        )
        for column in table.columns
    ]
    print_table(table.qualified, ["column", "type", "null", "key", "default"], rows)
    for index in table.indexes:
        unique = "unique " if index.unique else ""
        console.print(f"  {unique}index {index.name} ({', '.join(index.columns)})")


@db_group.command("query")
@click.argument("name")
@click.argument("sql")
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=None,
    help="At most this many rows (never more than GA_DB_TOOL_ROW_LIMIT).",
)
@click.option("--json", "as_json", is_flag=True, help="Columns and rows as JSON.")
def query_command(name: str, sql: str, limit: int | None, as_json: bool) -> None:
    """Run one read-only SQL statement on database NAME, within the row and time limits."""
    from knowledge_sources.database import DatabaseToolError

    try:
        result = asyncio.run(_tool().query(name, sql, limit))
    except DatabaseToolError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(result.as_dict())
        return
    print_table(f"{name}: {len(result.rows)} rows", list(result.columns), result.rows)
    more = f", cut at the limit of {result.row_limit} rows" if result.truncated else ""
    console.print(f"{len(result.rows)} rows in {result.elapsed_s:.3f} s{more}")
