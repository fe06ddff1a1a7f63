"""Local document stores: walked files become ``SourceDoc`` (or ``Skip`` with a reason).

Source URI: ``file://`` + the absolute path as walked (``Path.as_uri()``, symlinks not
resolved), so a citation is ``file:///abs/path.md#L10-L24`` and resolves on this machine. The
store name goes into the tags (``store:<name>``) and the metadata with the path relative to
the walked root; ``RootLabels`` add tags and metadata to every entry of one root (the package
a docs folder given to ``ingest deps`` belongs to). A directory that could not be read is
reported with its subtree URI (``file:///dir/``), so the entries stored under it are kept, not
marked gone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from blackboard.models.vocabulary import EntryKind
from blackboard.services.documents import store_tags
from blackboard.splitting import document_title
from ingest.convert import read_document
from ingest.model import Skip, SourceDoc
from ingest.read import FileText
from ingest.settings import IngestSettings
from ingest.stored import Scope, subtree_uri
from ingest.walk import FoundFile, SkippedFile, WalkResult


@dataclass(frozen=True)
class RootLabels:
    """Tags and metadata added to every entry of one walked root (a package's docs)."""

    tags: tuple[str, ...] = ()
    meta: Mapping[str, object] = field(default_factory=dict)


NO_LABELS = RootLabels()


def file_uri(path: Path) -> str | None:
    """``file://`` URI of an absolute path (``None`` if the name cannot be encoded)."""
    try:
        return path.as_uri()
    except (ValueError, UnicodeEncodeError):
        return None


def local_scope(walks: list[WalkResult], kind: EntryKind) -> Scope:
    """The entries these roots are responsible for: everything under each directory root."""
    prefixes = tuple(f"{uri.rstrip('/')}/" for w in walks if w.is_dir and (uri := file_uri(w.root)))
    uris = tuple(uri for w in walks if not w.is_dir and (uri := file_uri(w.root)))
    return Scope(prefixes=prefixes, uris=uris, kinds=(kind.value,))


def local_sources(
    walks: list[WalkResult],
    store: str,
    kind: EntryKind,
    settings: IngestSettings,
    labels: Mapping[Path, RootLabels] | None = None,
) -> Iterator[SourceDoc | Skip]:
    """Read every found file lazily; walk skips come first. ``labels``: by walked root."""
    for walk in walks:
        extra = (labels or {}).get(walk.root, NO_LABELS)
        for skipped in walk.skipped:
            yield Skip(_relative(walk, skipped.path), skipped.reason, _skip_uri(skipped))
        for found in walk.files:
            yield _source(found, store, kind, settings, extra)


def _source(
    found: FoundFile, store: str, kind: EntryKind, settings: IngestSettings, extra: RootLabels
) -> SourceDoc | Skip:
    uri = file_uri(found.path)
    if uri is None:
        return Skip(found.relpath, "file name cannot be written as a file:// URI")
    read = read_document(found.path, settings.max_file_bytes, found.format.converter)
    if not isinstance(read, FileText):
        return Skip(found.relpath, read.reason, uri)
    fmt = found.format
    title = document_title(read.text, fmt.format) or found.relpath
    tags = (*store_tags(store), *extra.tags)
    meta: dict[str, object] = {
        "store": store,
        **extra.meta,
        "path": found.relpath,
        "format": fmt.format.value,
        "bytes": read.size,
    }
    if fmt.converter:
        meta["converted_from"] = fmt.converter
    if read.pages is not None:
        meta["pages"] = read.pages
    if fmt.language:
        meta["language"] = fmt.language
        tags = (*tags, f"lang:{fmt.language}")
    return SourceDoc(
        source_uri=uri,
        label=found.relpath,
        kind=kind,
        title=title,
        body=read.text,
        format=fmt.format,
        tags=tags,
        meta=meta,
        source_version=read.sha256,
    )


def _skip_uri(skipped: SkippedFile) -> str | None:
    uri = file_uri(skipped.path)
    return subtree_uri(uri) if uri is not None and skipped.unreadable_dir else uri


def _relative(walk: WalkResult, path: Path) -> str:
    try:
        return path.relative_to(walk.root).as_posix() if walk.is_dir else path.name
    except ValueError:
        return str(path)


def count_sources(walks: list[WalkResult]) -> int:
    """How many sources ``local_sources`` will yield (for the progress bar)."""
    return sum(len(w.files) + len(w.skipped) for w in walks)
