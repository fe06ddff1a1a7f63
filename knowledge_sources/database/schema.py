"""A database's schema as reflection finds it: tables, columns, keys and indexes.

Plain frozen dataclasses, so the CLI prints them, the schema keeper renders its note from them
and ``as_dict`` stores them on the board as JSON, all from the same structure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column: its name, SQL type (as PostgreSQL spells it), nullability and default."""

    name: str
    type: str
    nullable: bool
    default: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` refer to ``target_columns`` of ``target`` (``schema.table``)."""

    name: str | None
    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]


@dataclass(frozen=True)
class Index:
    """An index on ``columns`` (expressions shown as PostgreSQL writes them)."""

    name: str
    columns: tuple[str, ...]
    unique: bool


@dataclass(frozen=True)
class Table:
    """One table of ``schema``, qualified as ``schema.name``."""

    schema: str
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    indexes: tuple[Index, ...]
    comment: str | None = None

    @property
    def qualified(self) -> str:
        """``schema.name``."""
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Schema:
    """Every table of a database's user schemas (system schemas left out), in name order."""

    database: str
    tables: tuple[Table, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (lists for tuples)."""
        return asdict(self)

    def relations(self) -> list[tuple[str, str]]:
        """``(from table, to table)`` for every foreign key, sorted."""
        return sorted({(t.qualified, fk.target) for t in self.tables for fk in t.foreign_keys})
