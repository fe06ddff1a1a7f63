"""Creating, upserting, reading, listing and updating entries (with their chunks)."""

from __future__ import annotations

from collections.abc import Sequence

from advanced_alchemy.filters import LimitOffset, OrderBy
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from blackboard.chunking import Chunker, content_hash, split_paragraphs
from blackboard.embeddings.base import SharedEmbedder
from blackboard.errors import ConflictError, NotFoundError
from blackboard.models import Entry
from blackboard.repositories import EntryRepository
from blackboard.schemas.entries import EntryIn, EntryPatch
from blackboard.services.base import SessionService
from blackboard.services.chunks import ChunkDiff, sync_chunks


class EntryService(SessionService):
    """Entries on one session; every write method commits."""

    def __init__(
        self,
        session: AsyncSession,
        embedder: SharedEmbedder | None,
        chunker: Chunker = split_paragraphs,
        *,
        autocommit: bool = True,
    ) -> None:
        super().__init__(session, autocommit=autocommit)
        self.entries = EntryRepository(session=session)
        self.embedder = embedder
        self.chunker = chunker
        self.last_diff = ChunkDiff()

    async def create(self, data: EntryIn, *, resplit: bool = False) -> Entry:
        """Add an entry; with a ``source_uri`` already stored, update that one instead.

        ``resplit``: cut the body into chunks again even if it did not change (the chunker's
        settings did); chunks that come out the same keep their vectors.
        """
        if data.parent_id is not None:
            await self.get(data.parent_id)
        digest = content_hash(f"{data.title}\n{data.body}")
        if data.source_uri is not None:
            existing = await self.entries.get_one_or_none(Entry.source_uri == data.source_uri)
            if existing is not None:
                return await self._refresh_from_source(existing, data, digest, resplit)
        entry = await self.entries.add(Entry(**data.model_dump(), content_hash=digest))
        self.last_diff = await sync_chunks(
            self.session, entry.id, self.chunker(data.body, data.title), self.embedder
        )
        await self._done()
        return entry

    async def _refresh_from_source(
        self, entry: Entry, data: EntryIn, digest: str, resplit: bool
    ) -> Entry:
        unchanged = (
            entry.content_hash == digest
            and entry.source_version == data.source_version
            and entry.status == data.status
            and entry.kind == data.kind
            and sorted(entry.tags) == sorted(data.tags)
            and entry.meta == data.meta
        )
        if unchanged:
            self.last_diff = ChunkDiff()
            return entry
        body_changed = entry.content_hash != digest
        for field, value in data.model_dump().items():
            setattr(entry, field, value)
        entry.content_hash = digest
        if body_changed or resplit:
            self.last_diff = await sync_chunks(
                self.session, entry.id, self.chunker(data.body, data.title), self.embedder
            )
        await self._done()
        return entry

    async def get(self, entry_id: int) -> Entry:
        """The entry, or ``NotFoundError``."""
        entry = await self.entries.get_one_or_none(Entry.id == entry_id)
        if entry is None:
            raise NotFoundError(f"no entry {entry_id}")
        return entry

    async def find(
        self,
        kinds: Sequence[str] = (),
        statuses: Sequence[str] = (),
        author: str | None = None,
        tag: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Entry]:
        """Newest first, filtered."""
        conditions: list[ColumnElement[bool]] = []
        if kinds:
            conditions.append(Entry.kind.in_(list(kinds)))
        if statuses:
            conditions.append(Entry.status.in_(list(statuses)))
        if author:
            conditions.append(Entry.author == author)
        if tag:
            conditions.append(Entry.tags.contains([tag]))
        return await self.entries.get_many(
            *conditions, OrderBy("id", "desc"), LimitOffset(limit=limit, offset=offset)
        )

    async def update(self, entry_id: int, patch: EntryPatch) -> Entry:
        """Apply ``patch`` if ``patch.version`` is current, else ``ConflictError``."""
        entry = await self.get(entry_id)
        if entry.version != patch.version:
            raise ConflictError(
                f"entry {entry_id} is at version {entry.version}, not {patch.version}"
            )
        changes = patch.model_dump(exclude_unset=True, exclude={"version"})
        for field, value in changes.items():
            setattr(entry, field, value)
        if "body" in changes or "title" in changes:
            entry.content_hash = content_hash(f"{entry.title}\n{entry.body}")
            self.last_diff = await sync_chunks(
                self.session, entry.id, self.chunker(entry.body, entry.title), self.embedder
            )
        try:
            await self._done()
        except StaleDataError as exc:
            await self.session.rollback()
            raise ConflictError(f"entry {entry_id} changed meanwhile; reload and retry") from exc
        return entry
