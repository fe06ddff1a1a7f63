"""What the board already holds for a run's scope, and marking vanished sources as gone.

One query loads every stored entry under the run's URI prefixes, so deciding that a file is
unchanged costs no round trip of its own. A seen URI that ends in ``/`` (``subtree_uri``) stands
for a directory that could not be read: every entry stored under it is kept as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.chunking import content_hash
from blackboard.models import Entry
from blackboard.models.vocabulary import EntryStatus
from blackboard.schemas.entries import EntryIn


@dataclass(frozen=True)
class Scope:
    """The entries a run is responsible for: URIs under ``prefixes`` or equal to ``uris``."""

    prefixes: tuple[str, ...] = ()
    uris: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredEntry:
    """The fields of a stored entry that decide whether a source changed."""

    id: int
    source_uri: str
    content_hash: str | None
    source_version: str | None
    status: str
    kind: str
    tags: tuple[str, ...]
    meta: dict[str, Any]

    def matches(self, data: EntryIn) -> bool:
        """True when upserting ``data`` would change nothing (as ``EntryService`` decides)."""
        return (
            self.content_hash == content_hash(f"{data.title}\n{data.body}")
            and self.source_version == data.source_version
            and self.status == data.status
            and self.kind == data.kind
            and sorted(self.tags) == sorted(data.tags)
            and self.meta == data.meta
        )


def _in_scope(scope: Scope) -> list[Any]:
    alternatives: list[Any] = [
        Entry.source_uri.startswith(p, autoescape=True) for p in scope.prefixes
    ]
    if scope.uris:
        alternatives.append(Entry.source_uri.in_(list(scope.uris)))
    conditions: list[Any] = [or_(*alternatives)] if alternatives else [Entry.id.is_(None)]
    if scope.kinds:
        conditions.append(Entry.kind.in_(list(scope.kinds)))
    return conditions


async def load_stored(session: AsyncSession, scope: Scope) -> dict[str, StoredEntry]:
    """Every stored entry in ``scope``, by source URI."""
    rows = await session.execute(
        select(
            Entry.id,
            Entry.source_uri,
            Entry.content_hash,
            Entry.source_version,
            Entry.status,
            Entry.kind,
            Entry.tags,
            Entry.meta,
        ).where(*_in_scope(scope))
    )
    found: dict[str, StoredEntry] = {}
    for row in rows:
        if row.source_uri is None:
            continue
        found[row.source_uri] = StoredEntry(
            id=row.id,
            source_uri=row.source_uri,
            content_hash=row.content_hash,
            source_version=row.source_version,
            status=row.status,
            kind=row.kind,
            tags=tuple(row.tags or ()),
            meta=dict(row.meta or {}),
        )
    return found


def subtree_uri(uri: str) -> str:
    """The URI that, seen, keeps every entry stored under the directory ``uri``."""
    return f"{uri.rstrip('/')}/"


def vanished_entries(stored: Iterable[StoredEntry], seen: Collection[str]) -> list[StoredEntry]:
    """Stored entries, not gone yet, whose source was not seen nor lies in a seen subtree."""
    subtrees = tuple(uri for uri in seen if uri.endswith("/"))
    return [
        s
        for s in stored
        if s.source_uri not in seen
        and not s.source_uri.startswith(subtrees)
        and s.status != EntryStatus.GONE
    ]


async def mark_gone(
    session: AsyncSession, stored: Iterable[StoredEntry], seen: Collection[str]
) -> list[StoredEntry]:
    """Set status ``gone`` on ``vanished_entries``; commit; return them."""
    vanished = vanished_entries(stored, seen)
    if not vanished:
        return []
    entries = (
        await session.scalars(select(Entry).where(Entry.id.in_([s.id for s in vanished])))
    ).all()
    for entry in entries:
        entry.status = EntryStatus.GONE
    await session.commit()
    return vanished
