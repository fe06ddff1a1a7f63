"""The board's document service: one document stored through the board's splitter.

The API's ``POST /documents``, agents' notes (``markdown_chunker`` for the entries a task
contributes) and web pages brought in by ingest all come here; ingest's batch runs use the same
splitter (``blackboard.splitting``). Chunk size and overlap are the caller's (``SplitOptions``,
from ``GA_INGEST_*`` in the running program).

Without a ``source_uri`` every call adds a new entry; with one, the call is an idempotent
upsert (unchanged text costs nothing, an edit re-embeds only its changed chunks).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.chunking import Chunker, Passage, split_paragraphs
from blackboard.embeddings.base import SharedEmbedder
from blackboard.models import Chunk, Entry
from blackboard.schemas.documents import DocumentIn, DocumentOut
from blackboard.schemas.entries import EntryIn, EntryOut
from blackboard.services.entries import EntryService
from blackboard.splitting import Format, SplitOptions, chunker_for, document_title


def store_tags(store: str) -> tuple[str, ...]:
    """The tags every entry of a store carries."""
    return (f"store:{store}",)


def document_entry(doc: DocumentIn) -> EntryIn:
    """The entry for ``doc``: its title, the store tag, the format in the metadata."""
    title = doc.title or document_title(doc.body, doc.format) or doc.store
    tags = list(dict.fromkeys([*store_tags(doc.store), *doc.tags]))
    meta = {**doc.meta, "store": doc.store, "format": doc.format.value}
    return EntryIn(
        kind=doc.kind,
        title=title[:500],
        body=doc.body,
        source_uri=doc.source_uri,
        author=doc.author,
        tags=tags,
        parent_id=doc.parent_id,
        meta=meta,
    )


def markdown_chunker(options: SplitOptions) -> Chunker:
    """The board's structure-aware markdown splitter as an ``EntryService`` chunker: what
    agents' notes and fetched pages are cut with (heading paths and line ranges, like ingested
    docs)."""
    split = chunker_for(Format.MARKDOWN, options)

    def chunk(body: str, title: str = "") -> list[Passage]:
        # a blank body still gets its title as a passage, so the entry can be found
        return split(body, title) or split_paragraphs(body, title)

    return chunk


async def store_document(
    session: AsyncSession,
    embedder: SharedEmbedder | None,
    doc: DocumentIn,
    options: SplitOptions,
) -> DocumentOut:
    """Split, embed and store ``doc`` (one transaction); return the entry and chunk counts."""
    service = EntryService(session, embedder, chunker=chunker_for(doc.format, options))
    entry: Entry = await service.create(document_entry(doc))
    count = await session.scalar(select(func.count(Chunk.id)).where(Chunk.entry_id == entry.id))
    diff = service.last_diff
    return DocumentOut(
        entry=EntryOut.model_validate(entry),
        chunks=int(count or 0),
        embedded=diff.embedded,
        kept=diff.kept,
        removed=diff.removed,
    )
