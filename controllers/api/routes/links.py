"""/links: create, read and change typed links between entries."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.schemas.links import LinkIn, LinkOut, LinkPatch
from blackboard.services.links import LinkService
from controllers.api.params import IdPath


class LinkController(Controller):
    """Links between entries (an entry's links: ``GET /entries/{id}/links``)."""

    path = "/links"
    tags = ["links"]

    @post("/")
    async def create_link(
        self, data: JSONBody[LinkIn], db_session: NamedDependency[AsyncSession]
    ) -> LinkOut:
        """Link ``source_id`` to ``target_id``; 404 if either is missing."""
        return LinkOut.model_validate(await LinkService(db_session).create(data))

    @get("/{link_id:int}")
    async def get_link(self, link_id: IdPath, db_session: NamedDependency[AsyncSession]) -> LinkOut:
        return LinkOut.model_validate(await LinkService(db_session).get(link_id))

    @patch("/{link_id:int}")
    async def update_link(
        self,
        link_id: IdPath,
        data: JSONBody[LinkPatch],
        db_session: NamedDependency[AsyncSession],
    ) -> LinkOut:
        return LinkOut.model_validate(await LinkService(db_session).update(link_id, data))
