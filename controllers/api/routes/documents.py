"""/documents: store a markdown (or rst, text, code) document, split by its structure.

The same splitter and upsert as ``gitea-assistants ingest``: with a ``source_uri`` a repeated
post changes nothing, and an edited one re-embeds only its changed chunks.
"""

from __future__ import annotations

from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.runtime import Board
from ingest.documents import DocumentIn, DocumentOut, store_document


@post("/documents", tags=["documents"])
async def post_document(
    data: JSONBody[DocumentIn],
    db_session: NamedDependency[AsyncSession],
    board: NamedDependency[Board],
) -> DocumentOut:
    """Store a document as an entry with heading-aware chunks (each with its line range)."""
    return await store_document(db_session, await board.embedder(), data)
