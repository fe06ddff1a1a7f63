"""Creating and listing links between entries."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.errors import NotFoundError
from blackboard.models import Chunk, Entry, Link
from blackboard.schemas.links import LinkIn


class LinkService:
    """Links on one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, data: LinkIn) -> Link:
        """Add a link; both ends (and the chunk, if named) must exist."""
        for entry_id in (data.source_id, data.target_id):
            if await self.session.get(Entry, entry_id) is None:
                raise NotFoundError(f"no entry {entry_id}")
        if data.chunk_id is not None and await self.session.get(Chunk, data.chunk_id) is None:
            raise NotFoundError(f"no chunk {data.chunk_id}")
        link = Link(**data.model_dump())
        self.session.add(link)
        await self.session.commit()
        return link

    async def for_entry(self, entry_id: int) -> list[Link]:
        """Links from or to the entry, oldest first."""
        stmt = (
            select(Link)
            .where(or_(Link.source_id == entry_id, Link.target_id == entry_id))
            .order_by(Link.id)
        )
        return list((await self.session.scalars(stmt)).all())
