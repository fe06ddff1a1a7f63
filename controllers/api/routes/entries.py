"""/entries: create (or upsert by source), list, read, patch; an entry's links and chunks."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Chunk
from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn, EntryOut, EntryPatch
from blackboard.schemas.links import LinkOut
from blackboard.services.entries import EntryService
from blackboard.services.links import LinkService
from controllers.api.params import IdPath


class EntryController(Controller):
    """Entries on the board."""

    path = "/entries"
    tags = ["entries"]

    @post("/")
    async def create_entry(
        self,
        data: JSONBody[EntryIn],
        db_session: NamedDependency[AsyncSession],
        board: NamedDependency[Board],
    ) -> EntryOut:
        """Post an entry; its body is chunked and embedded for search."""
        service = EntryService(db_session, await board.embedder())
        return EntryOut.model_validate(await service.create(data))

    @get("/")
    async def list_entries(
        self,
        db_session: NamedDependency[AsyncSession],
        kind: FromQuery[list[EntryKind] | None] = None,
        status: FromQuery[list[EntryStatus] | None] = None,
        author: FromQuery[str | None] = None,
        tag: FromQuery[str | None] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[int, Parameter(ge=0)] = 0,
    ) -> list[EntryOut]:
        """Newest first; an unknown kind or status is refused (400)."""
        rows = await EntryService(db_session, None).find(
            kind or (), status or (), author, tag, limit, offset
        )
        return [EntryOut.model_validate(e) for e in rows]

    @get("/{entry_id:int}")
    async def get_entry(
        self, entry_id: IdPath, db_session: NamedDependency[AsyncSession]
    ) -> EntryOut:
        return EntryOut.model_validate(await EntryService(db_session, None).get(entry_id))

    @patch("/{entry_id:int}")
    async def update_entry(
        self,
        entry_id: IdPath,
        data: JSONBody[EntryPatch],
        db_session: NamedDependency[AsyncSession],
        board: NamedDependency[Board],
    ) -> EntryOut:
        """Change fields; send the ``version`` you read (409 if someone changed it since)."""
        service = EntryService(db_session, await board.embedder())
        return EntryOut.model_validate(await service.update(entry_id, data))

    @get("/{entry_id:int}/links")
    async def entry_links(
        self, entry_id: IdPath, db_session: NamedDependency[AsyncSession]
    ) -> list[LinkOut]:
        await EntryService(db_session, None).get(entry_id)
        return [
            LinkOut.model_validate(x) for x in await LinkService(db_session).for_entry(entry_id)
        ]

    @get("/{entry_id:int}/chunks")
    async def entry_chunks(
        self, entry_id: IdPath, db_session: NamedDependency[AsyncSession]
    ) -> list[dict[str, object]]:
        """The entry's passages with their line ranges."""
        await EntryService(db_session, None).get(entry_id)
        rows = await db_session.scalars(
            select(Chunk).where(Chunk.entry_id == entry_id).order_by(Chunk.ordinal)
        )
        return [
            {
                "id": c.id,
                "ordinal": c.ordinal,
                "text": c.text,
                "heading_path": c.heading_path,
                "start_line": c.start_line,
                "end_line": c.end_line,
            }
            for c in rows
        ]
