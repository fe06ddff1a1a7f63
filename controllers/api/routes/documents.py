"""/documents: store a markdown (or rst, text, code) document, split by its structure.

The board's document service, with the same splitter, chunk size and upsert as
``gitea-assistants ingest``: with a ``source_uri`` a repeated post changes nothing, and an
edited one re-embeds only its changed chunks.
"""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.runtime import Board
from blackboard.schemas.documents import DocumentIn, DocumentOut
from blackboard.services.documents import store_document
from blackboard.splitting import SplitOptions
from controllers.api.dependencies import provide_split_options


@post(
    "/documents",
    tags=["documents"],
    dependencies={"split_options": Provide(provide_split_options, sync_to_thread=False)},
)
async def post_document(
    data: JSONBody[DocumentIn],
    db_session: NamedDependency[AsyncSession],
    board: NamedDependency[Board],
    split_options: NamedDependency[SplitOptions],
) -> DocumentOut:
    """Store a document as an entry with heading-aware chunks (each with its line range)."""
    return await store_document(db_session, await board.embedder(), data, split_options)
