"""Writing mirrored objects to the board: upserts by source URI, counted; gone-marking.

Whatever brings an object (a sync, a webhook, a replayed webhook with a new delivery id), a copy
older than the one stored is never written: the board keeps the newer version (``stale``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryStatus
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn, EntryPatch
from blackboard.services.entries import EntryService
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.versions import is_older


@dataclass
class Known:
    """What the board already holds for one source URI."""

    id: int
    kind: str
    source_version: str | None
    status: str
    meta: dict[str, Any]


class BoardWriter:
    """Upserts entries (skipping those whose source version and status are unchanged)."""

    def __init__(
        self,
        board: Board,
        report: SyncReport,
        after_write: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.board = board
        self.report = report
        self.known: dict[str, Known] = {}
        self.after_write = after_write
        """Awaited after each entry written (a sync's ``GrowthWatch.wrote``)."""

    async def load(self, repo_uri: str) -> None:
        """Remember every entry of one repository (its URI and everything below it)."""
        async with self.board.sessions() as session:
            rows = await session.execute(
                select(
                    Entry.id,
                    Entry.kind,
                    Entry.source_uri,
                    Entry.source_version,
                    Entry.status,
                    Entry.meta,
                ).where(
                    or_(
                        Entry.source_uri == repo_uri,
                        Entry.source_uri.startswith(repo_uri + "/", autoescape=True),
                    )
                )
            )
            for id_, kind, uri, version, status, meta in rows:
                self.known[uri] = Known(id_, kind, version, status, meta or {})

    def under(self, prefix: str, kind: str) -> dict[str, Known]:
        """Known entries of ``kind`` whose URI starts with ``prefix`` (and are not gone)."""
        return {
            uri: k
            for uri, k in self.known.items()
            if uri.startswith(prefix) and k.kind == kind and k.status != EntryStatus.GONE
        }

    async def upsert(self, data: EntryIn, *, force: bool = False) -> int:
        """Store ``data``; returns the entry id. Counts created / updated / unchanged.

        Unless ``force``, an entry whose source version and status are unchanged is not
        touched at all (no query, no write); an older version than the stored one never is.
        """
        assert data.source_uri is not None
        known = self.known.get(data.source_uri)
        kind = str(data.kind)
        if known is not None and is_older(data.source_version, known.source_version):
            self.report.stale[kind] += 1
            return known.id
        same = (
            known is not None
            and known.source_version == data.source_version
            and known.status == data.status
        )
        if known is not None and same and (not force or known.meta == data.meta):
            self.report.unchanged[kind] += 1
            return known.id
        async with self.board.sessions() as session:
            service = EntryService(session, await self.board.embedder())
            entry_id = (await service.create(data)).id
        if known is None:
            self.report.created[kind] += 1
        else:
            self.report.updated[kind] += 1
        self.known[data.source_uri] = Known(
            entry_id, kind, data.source_version, data.status, dict(data.meta)
        )
        if self.after_write is not None:
            await self.after_write()
        return entry_id

    async def gone(self, uri: str) -> None:
        """Mark a mirrored object that no longer exists in Gitea as ``gone``."""
        known = self.known.get(uri)
        if known is None or known.status == EntryStatus.GONE:
            return
        async with self.board.sessions() as session:
            service = EntryService(session, await self.board.embedder())
            entry = await service.get(known.id)
            await service.update(
                known.id, EntryPatch(version=entry.version, status=EntryStatus.GONE)
            )
        known.status = EntryStatus.GONE
        self.report.gone[known.kind] += 1
