"""The schema note as markdown, built by code from reflection: tables (columns, keys, indexes),
relations, and the planned changes (open pull requests touching migrations) with the kind the
model chose for each. Text from Gitea or the database is put on one line and escaped for tables.
"""

from __future__ import annotations

from knowledge_sources.database.schema import Schema, Table
from knowledge_sources.schema_keeper.planned import PlannedChange

MAX_DETAILED_TABLES = 100
"""Tables beyond this many are listed by name only (the note stays readable and bounded)."""
TITLE_CHARS = 200


def render_note(schema: Schema, occasion: str, planned: list[tuple[PlannedChange, str]]) -> str:
    """The note for ``schema``: ``occasion`` says why it was written (a merged pull request)."""
    relations = [(t, fk) for t in schema.tables for fk in t.foreign_keys]
    lines = [
        f"# Schema of database `{_one_line(schema.database)}`",
        "",
        occasion,
        "",
        f"{len(schema.tables)} tables, {len(relations)} relations, read from the database by "
        "reflection (the database's own structure, not a summary).",
        "",
        "## Tables",
        "",
    ]
    if not schema.tables:
        lines += ["The database has no tables yet.", ""]
    for table in schema.tables[:MAX_DETAILED_TABLES]:
        lines += _table(table)
    rest = schema.tables[MAX_DETAILED_TABLES:]
    if rest:
        names = ", ".join(f"`{_one_line(t.qualified)}`" for t in rest)
        lines += [f"And {len(rest)} more tables: {names}.", ""]
    lines += ["## Relations", ""]
    lines += [
        f"- `{_one_line(t.qualified)}` ({_names(fk.columns)}) -> `{_one_line(fk.target)}` "
        f"({_names(fk.target_columns)})"
        for t, fk in relations
    ] or ["No foreign keys."]
    lines += ["", "## Planned changes", ""]
    lines += [_planned(change, kind) for change, kind in planned] or [
        "No open pull request changes the schema."
    ]
    return "\n".join(lines) + "\n"


def _table(table: Table) -> list[str]:
    keys = {c: f"-> `{_cell(fk.target)}`" for fk in table.foreign_keys for c in fk.columns}
    lines = [f"### `{_one_line(table.qualified)}`", ""]
    if table.comment:
        lines += [_one_line(table.comment), ""]
    lines += ["| column | type | null | key | default |", "| --- | --- | --- | --- | --- |"]
    for column in table.columns:
        key = "PK" if column.name in table.primary_key else keys.get(column.name, "")
        lines.append(
            f"| `{_cell(column.name)}` | {_cell(column.type)} | "
            f"{'yes' if column.nullable else 'no'} | {key} | {_cell(column.default or '')} |"
        )
    if table.indexes:
        lines.append("")
        lines += [
            f"- {'unique ' if ix.unique else ''}index `{_one_line(ix.name)}` on "
            f"{_names(ix.columns)}"
            for ix in table.indexes
        ]
    return [*lines, ""]


def _planned(change: PlannedChange, kind: str) -> str:
    link = f"[{change.repo}#{change.number}]({change.url})" if change.url else f"#{change.number}"
    files = ", ".join(f"`{_one_line(f)}`" for f in change.migrations)
    return f"- {link} {_one_line(change.title)[:TITLE_CHARS]}: {kind} ({files})"


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f"`{_one_line(c)}`" for c in columns)


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("`", "'")


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")
