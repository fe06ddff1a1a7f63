"""Creating and listing links between entries."""

from __future__ import annotations

from advanced_alchemy.filters import OrderBy
from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.errors import NotFoundError
from blackboard.models import Chunk, Entry, Link
from blackboard.repositories import LinkRepository
from blackboard.schemas.links import LinkIn, LinkPatch
from blackboard.services.base import SessionService


class LinkService(SessionService):
    """Links on one session."""

    def __init__(self, session: AsyncSession, *, autocommit: bool = True) -> None:
        super().__init__(session, autocommit=autocommit)
        self.links = LinkRepository(session=session)

    async def create(self, data: LinkIn) -> Link:
        """Add a link; both ends (and the chunk, if named) must exist."""
        for entry_id in (data.source_id, data.target_id):
            if await self.session.get(Entry, entry_id) is None:
                raise NotFoundError(f"no entry {entry_id}")
        if data.chunk_id is not None and await self.session.get(Chunk, data.chunk_id) is None:
            raise NotFoundError(f"no chunk {data.chunk_id}")
        link = await self.links.add(Link(**data.model_dump()))
        await self._done()
        return link

    async def for_entry(self, entry_id: int) -> list[Link]:
        """Links from or to the entry, oldest first."""
        return await self.links.get_many(
            or_(Link.source_id == entry_id, Link.target_id == entry_id), OrderBy("id", "asc")
        )

    async def get(self, link_id: int) -> Link:
        """The link, or ``NotFoundError``."""
        link = await self.links.get_one_or_none(Link.id == link_id)
        if link is None:
            raise NotFoundError(f"no link {link_id}")
        return link

    async def update(self, link_id: int, patch: LinkPatch) -> Link:
        """Change kind, quote or metadata."""
        link = await self.get(link_id)
        for field, value in patch.model_dump(exclude_unset=True).items():
            setattr(link, field, value)
        await self._done()
        return link
