"""Storing one document through the same splitter as ingest: the API's ``POST /documents``
and agents saving notes (``markdown_chunker`` for the entries they contribute) both come here.

Without a ``source_uri`` every call adds a new entry; with one, the call is an idempotent
upsert (unchanged text costs nothing, an edit re-embeds only its changed chunks).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.chunking import Chunker, Passage, split_paragraphs
from blackboard.embeddings.base import SharedEmbedder
from blackboard.models import Chunk, Entry
from blackboard.models.vocabulary import EntryKind
from blackboard.schemas.entries import EntryIn, EntryOut
from blackboard.services.entries import EntryService
from ingest.formats import Format
from ingest.settings import MAX_BODY_CHARS, IngestSettings
from ingest.sources.local import store_tags
from ingest.splitting import SplitOptions, chunker_for, document_title

DOCUMENT_KINDS = (EntryKind.DOCUMENT, EntryKind.RESEARCH_NOTE, EntryKind.DEPENDENCY_DOC)


class DocumentIn(BaseModel):
    """A document to store: markdown by default."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="Default: the first top heading, else the store.",
    )
    format: Format = Format.MARKDOWN
    kind: EntryKind = EntryKind.DOCUMENT
    store: str = Field(default="api", min_length=1, max_length=90, pattern=r"^[\w.@:/-]+$")
    source_uri: str | None = Field(default=None, max_length=2000)
    tags: list[str] = Field(default_factory=list, max_length=40)
    author: str = Field(default="human", min_length=1, max_length=200)
    parent_id: int | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @field_validator("kind")
    @classmethod
    def _a_document_kind(cls, kind: EntryKind) -> EntryKind:
        if kind not in DOCUMENT_KINDS:
            allowed = ", ".join(k.value for k in DOCUMENT_KINDS)
            raise ValueError(f"a document is one of: {allowed} (not {kind.value})")
        return kind

    @field_validator("body")
    @classmethod
    def _not_blank(cls, body: str) -> str:
        if not body.strip():
            raise ValueError("the document is empty")
        return body


class DocumentOut(BaseModel):
    """The stored entry and what storing it did to its chunks."""

    entry: EntryOut
    chunks: int
    embedded: int
    kept: int
    removed: int


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


def default_split_options() -> SplitOptions:
    """Chunk size and overlap from ``GA_INGEST_*``, as ``gitea-assistants ingest`` uses them."""
    return IngestSettings().split_options


def markdown_chunker(options: SplitOptions | None = None) -> Chunker:
    """Ingest's structure-aware markdown splitter as an ``EntryService`` chunker: what agents'
    notes and fetched pages are cut with (heading paths and line ranges, like ingested docs)."""
    split = chunker_for(Format.MARKDOWN, options or default_split_options())

    def chunk(body: str, title: str = "") -> list[Passage]:
        # a blank body still gets its title as a passage, so the entry can be found
        return split(body, title) or split_paragraphs(body, title)

    return chunk


async def store_document(
    session: AsyncSession,
    embedder: SharedEmbedder | None,
    doc: DocumentIn,
    options: SplitOptions | None = None,
) -> DocumentOut:
    """Split, embed and store ``doc`` (one transaction); return the entry and chunk counts."""
    chunker = chunker_for(doc.format, options or default_split_options())
    service = EntryService(session, embedder, chunker=chunker)
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
