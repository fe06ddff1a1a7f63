"""What ingest works on and what it reports.

A ``SourceDoc`` is one document ready for the board (one entry); an ``IngestReport`` is the
summary a run prints: new, changed, unchanged, deleted (marked gone) and skipped with reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.schemas.entries import EntryIn
from blackboard.splitting import Format


@dataclass(frozen=True)
class SourceDoc:
    """One document to store as one entry, upserted by ``source_uri``."""

    source_uri: str
    label: str
    kind: EntryKind
    title: str
    body: str
    format: Format
    tags: tuple[str, ...]
    meta: dict[str, Any]
    source_version: str | None = None
    author: str = "ingest"

    def entry_in(self) -> EntryIn:
        """The board's upsert shape for this document."""
        return EntryIn(
            kind=self.kind,
            title=self.title[:500] or self.label[:500],
            body=self.body,
            source_uri=self.source_uri,
            source_version=self.source_version,
            author=self.author,
            status=EntryStatus.OPEN,
            tags=list(self.tags),
            meta=self.meta,
        )


@dataclass(frozen=True)
class Skip:
    """Something that was not ingested: what (a path or package) and why."""

    label: str
    reason: str
    source_uri: str | None = None


@dataclass
class ChunkCounts:
    """Chunks of a run: rows written, vectors computed, unchanged chunks kept, rows removed.

    ``written - embedded`` chunks got a vector the board already had (same content hash).
    """

    written: int = 0
    embedded: int = 0
    kept: int = 0
    removed: int = 0


@dataclass
class IngestReport:
    """The summary of one ingest run."""

    store: str
    kind: str
    roots: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    excluded: int = 0
    chunks: ChunkCounts = field(default_factory=ChunkCounts)
    seconds: float = 0.0
    model_load_seconds: float = 0.0
    """Loading the embedding model (part of ``seconds``; none when it was loaded already)."""
    embedding_seconds: float = 0.0
    """Computing the ``chunks.embedded`` vectors, model load excluded."""
    interrupted: bool = False

    @property
    def chunks_per_second(self) -> float:
        return self.chunks.written / self.seconds if self.seconds > 0 else 0.0

    @property
    def embedded_per_second(self) -> float:
        """Chunks embedded per second of embedding work (the model's load not counted)."""
        if self.embedding_seconds <= 0:
            return 0.0
        return self.chunks.embedded / self.embedding_seconds

    def counts(self) -> dict[str, int]:
        """How many files fell in each outcome."""
        return {
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "deleted": len(self.deleted),
            "skipped": len(self.skipped),
            "excluded": self.excluded,
        }

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-able data (``--json``)."""
        return {
            "store": self.store,
            "kind": self.kind,
            "roots": self.roots,
            "counts": self.counts(),
            "new": self.new,
            "changed": self.changed,
            "deleted": self.deleted,
            "skipped": [{"path": s.label, "reason": s.reason} for s in self.skipped],
            "chunks": {
                "written": self.chunks.written,
                "embedded": self.chunks.embedded,
                "kept": self.chunks.kept,
                "removed": self.chunks.removed,
            },
            "seconds": round(self.seconds, 3),
            "chunks_per_second": round(self.chunks_per_second, 1),
            "model_load_seconds": round(self.model_load_seconds, 3),
            "embedding_seconds": round(self.embedding_seconds, 3),
            "embedded_per_second": round(self.embedded_per_second, 1),
            "interrupted": self.interrupted,
        }
