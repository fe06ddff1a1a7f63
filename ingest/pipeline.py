"""The ingest engine: unchanged sources cost nothing, the rest is embedded in batches and
written one entry per transaction.

For each source the stored entry (loaded for the whole scope in one query) decides:
unchanged -> nothing at all; otherwise it is split and queued. When the queue holds
``batch_chunks`` passages, vectors are reused from the board by content hash and the rest are
embedded in one length-sorted call (in a worker thread) while the next batch is read and split
and the previous one is written. Each entry is written by ``EntryService`` in its own
transaction (``sync_chunks`` keeps its unchanged chunks and vectors), so a run stopped at any
point (Ctrl-C, kill -9) leaves whole entries only, and the next run finishes the rest. Sources
not seen any more are marked ``gone`` at the end of a complete run; a skipped source counts as
seen (its entry stays as it was), and a skip whose URI ends in ``/`` (a directory that could
not be read) keeps every entry stored under it. Each entry records the chunk size/overlap it
was cut with (``meta.split``): after a change of ``GA_INGEST_CHUNK_*`` the next run splits every
source again (chunks that come out the same keep their vectors).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from blackboard.chunking import Passage, content_hash
from blackboard.embeddings.base import SharedEmbedder
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.search.vector_index import deferred_vector_index
from blackboard.services.embedding_text import embedding_text
from blackboard.services.entries import EntryService
from blackboard.splitting import split_document
from ingest.model import IngestReport, Skip, SourceDoc
from ingest.settings import IngestSettings
from ingest.stored import Scope, StoredEntry, load_stored, mark_gone
from ingest.vectors import PrecomputedEmbedder, embed_sorted, stored_vectors

SPLIT_META = "split"


class ProgressSink(Protocol):
    """Told how many sources there are and when each one is done."""

    def start(self, total: int | None) -> None: ...

    def advance(self, label: str, chunks: int) -> None: ...


@runtime_checkable
class IndexProgressSink(Protocol):
    """A sink that also shows the vector index being built after a bulk load."""

    def indexing(self, done: int, total: int) -> None: ...


class NoProgress:
    """A sink that shows nothing."""

    def start(self, total: int | None) -> None:
        return None

    def advance(self, label: str, chunks: int) -> None:
        return None


@dataclass
class _Pending:
    doc: SourceDoc
    data: EntryIn
    passages: list[Passage]
    is_new: bool


@dataclass
class _Batch:
    items: list[_Pending] = field(default_factory=list)
    chunks: int = 0
    vectors: dict[str, list[float]] = field(default_factory=dict)
    embed_task: asyncio.Task[None] | None = None


class Ingestor:
    """Runs sources into the board; one instance per run."""

    def __init__(
        self,
        board: Board,
        settings: IngestSettings,
        progress: ProgressSink | None = None,
        embedder: SharedEmbedder | None = None,
    ) -> None:
        self.board = board
        self.settings = settings
        self.progress = progress or NoProgress()
        self._embedder = embedder
        self._model_load_seconds = 0.0
        self._last_embedding: asyncio.Task[None] | None = None
        self.options = settings.split_options

    async def run(
        self,
        sources: Iterable[SourceDoc | Skip],
        scope: Scope,
        report: IngestReport,
        total: int | None = None,
        expected_chunks: int = 0,
    ) -> IngestReport:
        """Ingest ``sources``; mark entries of ``scope`` that were not seen as gone.

        A run expected to write many chunks (``expected_chunks``, see
        ``blackboard.search.vector_index``) builds the vector index once at the end."""
        started = time.perf_counter()
        self.progress.start(total)
        indexing = self.progress.indexing if isinstance(self.progress, IndexProgressSink) else None
        try:
            async with deferred_vector_index(
                self.board.engine, self.board.settings, expected_chunks, indexing
            ):
                async with self.board.sessions() as session:
                    stored = await load_stored(session, scope)
                seen: set[str] = set()
                await self._process(self._batches(sources, stored, seen, report), report)
                gone = await self._mark_gone(stored, seen)
                report.deleted.extend(_label(s) for s in gone)
        except BaseException:
            report.interrupted = True
            raise
        finally:
            report.seconds = time.perf_counter() - started
            report.model_load_seconds = self._model_load_seconds
        return report

    async def embedder(self) -> SharedEmbedder:
        """The real embedder, loaded only when something needs embedding."""
        if self._embedder is None:
            loading = time.perf_counter()
            self._embedder = await self.board.embedder()
            self._model_load_seconds = time.perf_counter() - loading
        return self._embedder

    def _batches(
        self,
        sources: Iterable[SourceDoc | Skip],
        stored: dict[str, StoredEntry],
        seen: set[str],
        report: IngestReport,
    ) -> Iterator[_Batch]:
        """Read and split sources (lazily), yielding batches of changed ones."""
        batch = _Batch()
        for source in sources:
            if isinstance(source, Skip):
                if source.source_uri:
                    seen.add(source.source_uri)
                report.skipped.append(source)
                self.progress.advance(source.label, 0)
                continue
            seen.add(source.source_uri)
            pending = self._prepare(source, stored.get(source.source_uri), report)
            if pending is None:
                continue
            batch.items.append(pending)
            batch.chunks += len(pending.passages)
            if batch.chunks >= self.settings.batch_chunks:
                yield batch
                batch = _Batch()
        if batch.items:
            yield batch

    def _prepare(
        self, doc: SourceDoc, stored: StoredEntry | None, report: IngestReport
    ) -> _Pending | None:
        """Skip an unchanged source; split a changed one (unless only its metadata changed)."""
        try:
            data = doc.entry_in()
        except ValidationError as exc:
            report.skipped.append(Skip(doc.label, f"invalid: {_first_error(exc)}", doc.source_uri))
            self.progress.advance(doc.label, 0)
            return None
        split = self.options.signature  # cut with other settings: split again
        data = data.model_copy(update={"meta": {**data.meta, SPLIT_META: split}})
        if stored is not None and stored.matches(data):
            report.unchanged += 1
            self.progress.advance(doc.label, 0)
            return None
        body_same = (
            stored is not None
            and stored.meta.get(SPLIT_META) == split
            and stored.content_hash == content_hash(f"{data.title}\n{data.body}")
        )
        passages = (
            [] if body_same else split_document(doc.body, doc.format, data.title, self.options)
        )
        return _Pending(doc, data, passages, is_new=stored is None)

    async def _process(self, batches: Iterator[_Batch], report: IngestReport) -> None:
        """Embed batch n while batch n-1 is written and batch n+1 is read and split."""
        queue: deque[_Batch] = deque()
        try:
            for batch in batches:
                await self._start_embedding(batch, report)
                queue.append(batch)
                while len(queue) > 1 or (queue and _embedded(queue[0])):
                    await self._write(queue.popleft(), report)
            while queue:
                await self._write(queue.popleft(), report)
        finally:
            for batch in queue:
                if batch.embed_task is not None:
                    batch.embed_task.cancel()

    async def _start_embedding(self, batch: _Batch, report: IngestReport) -> None:
        passages = [p for item in batch.items for p in item.passages]
        if not passages:
            return
        async with self.board.sessions() as session:
            reused = await stored_vectors(session, {p.content_hash for p in passages})
        missing: list[str] = []
        for passage in passages:
            text = embedding_text(passage)
            vector = reused.get(passage.content_hash)
            if vector is None:
                missing.append(text)
            else:
                batch.vectors[text] = vector
        if not missing:
            return
        embedder = await self.embedder()
        previous = self._last_embedding

        async def embed() -> None:
            if previous is not None:  # one batch at a time, in order
                await asyncio.wait({previous})
            embedding = time.perf_counter()
            computed = await embed_sorted(embedder, missing, self.settings.embed_batch)
            report.embedding_seconds += time.perf_counter() - embedding
            batch.vectors.update(computed)
            report.chunks.embedded += len(computed)

        batch.embed_task = self._last_embedding = asyncio.create_task(embed())

    async def _write(self, batch: _Batch, report: IngestReport) -> None:
        if batch.embed_task is not None:
            await batch.embed_task
        embedder = PrecomputedEmbedder(batch.vectors, self._embedder)
        for item in batch.items:
            await self._write_one(item, embedder, report)

    async def _write_one(
        self, item: _Pending, embedder: PrecomputedEmbedder, report: IngestReport
    ) -> None:
        passages = item.passages

        def chunker(body: str, title: str = "") -> list[Passage]:
            return passages

        for attempt in (1, 2):
            async with self.board.sessions() as session:
                service = EntryService(session, embedder, chunker=chunker)
                try:
                    await service.create(item.data, resplit=bool(passages))
                except IntegrityError:
                    # Another run inserted the same source meanwhile: upsert onto it.
                    await session.rollback()
                    if attempt == 2:
                        raise
                    continue
                diff = service.last_diff
                break
        report.chunks.written += diff.embedded
        report.chunks.kept += diff.kept
        report.chunks.removed += diff.removed
        (report.new if item.is_new else report.changed).append(item.doc.label)
        self.progress.advance(item.doc.label, diff.embedded)

    async def _mark_gone(self, stored: dict[str, StoredEntry], seen: set[str]) -> list[StoredEntry]:
        async with self.board.sessions() as session:
            return await mark_gone(session, stored.values(), seen)


def _embedded(batch: _Batch) -> bool:
    return batch.embed_task is None or batch.embed_task.done()


def _label(stored: StoredEntry) -> str:
    label = stored.meta.get("path") or stored.meta.get("package")
    return str(label) if label else stored.source_uri


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}"
