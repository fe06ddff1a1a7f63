"""/links: create a typed link between two entries."""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.schemas.links import LinkIn, LinkOut
from blackboard.services.links import LinkService


@post("/links", tags=["links"])
async def create_link(data: JSONBody[LinkIn], db_session: NamedDependency[AsyncSession]) -> LinkOut:
    """Link ``source_id`` to ``target_id``; 404 if either is missing."""
    return LinkOut.model_validate(await LinkService(db_session).create(data))
