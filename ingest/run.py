"""The two ingest runs the CLI offers, as functions tests and other callers can use too:
``ingest_paths`` (a local document store) and ``ingest_deps`` (installed distributions' docs
plus any docs directories, tagged with the package they belong to: ``sources/owners.py``).

Both take the ``IngestReport`` to fill, so a caller still has the partial figures when a run is
interrupted.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from itertools import chain
from pathlib import Path

from blackboard.embeddings.base import SharedEmbedder
from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from ingest.estimate import chunks_for_bytes, description_bytes, walked_bytes
from ingest.model import IngestReport, Skip
from ingest.pipeline import Ingestor, ProgressSink
from ingest.roots import distinct, leave_to_outer
from ingest.settings import IngestSettings
from ingest.sources.deps import (
    DEPS_STORE,
    dependency_sources,
    deps_scope,
    installed,
    normalise,
)
from ingest.sources.local import count_sources, local_scope, local_sources
from ingest.sources.owners import package_labels
from ingest.stored import Scope
from ingest.walk import WalkResult, absolute, check_paths_exist, walk

STORE_NAME = re.compile(r"[^\w.@:-]+")


def default_store(paths: Sequence[Path]) -> str:
    """The store name when none is given: the first path's directory name."""
    first = absolute(paths[0])
    name = first.name if first.is_dir() else first.parent.name
    return STORE_NAME.sub("-", name).strip("-") or "docs"


def walk_all(
    paths: Sequence[Path], settings: IngestSettings
) -> tuple[list[WalkResult], list[Skip]]:
    """Walk every distinct path, each file under one of them only (``ingest.roots``): the
    walks and the skips; ``PathNotFoundError`` first if any path does not exist."""
    check_paths_exist(list(paths))
    roots, repeats = distinct(paths)
    walks = [walk(p, settings, within=roots) for p in roots]
    return walks, repeats + leave_to_outer(walks)


def _record_walks(report: IngestReport, walks: list[WalkResult], skipped: list[Skip]) -> None:
    """What the walks found before any file is read: roots, skipped paths, excluded count."""
    report.roots.extend(str(w.root) for w in walks)
    report.skipped.extend(skipped)
    report.excluded += sum(w.excluded for w in walks)


async def ingest_paths(
    board: Board,
    paths: Sequence[Path],
    store: str | None = None,
    *,
    kind: EntryKind = EntryKind.DOCUMENT,
    settings: IngestSettings,
    progress: ProgressSink | None = None,
    report: IngestReport | None = None,
    embedder: SharedEmbedder | None = None,
) -> IngestReport:
    """Ingest files and directories as one store; entries of vanished files are marked gone."""
    walks, nested = walk_all(paths, settings)
    store = store or default_store(paths)
    report = report or IngestReport(store=store, kind=kind.value)
    _record_walks(report, walks, nested)
    ingestor = Ingestor(board, settings, progress, embedder)
    sources = local_sources(walks, store, kind, settings)
    expected = chunks_for_bytes(walked_bytes(walks), settings.chunk_size)
    return await ingestor.run(
        sources, local_scope(walks, kind), report, count_sources(walks), expected
    )


async def ingest_deps(
    board: Board,
    paths: Sequence[Path] = (),
    packages: Collection[str] = (),
    *,
    settings: IngestSettings,
    progress: ProgressSink | None = None,
    report: IngestReport | None = None,
    embedder: SharedEmbedder | None = None,
    search_path: list[str] | None = None,
) -> IngestReport:
    """Index installed distributions' long descriptions (all, or ``packages``) and ``paths``.

    A path that belongs to an installed distribution (the one ``--package``, or inferred: see
    ``ingest.sources.owners``) gets its package and version tags. ``search_path`` replaces
    ``sys.path`` when looking for distributions (tests use it).
    """
    walks, nested = walk_all(paths, settings) if paths else ([], [])
    kind = EntryKind.DEPENDENCY_DOC
    report = report or IngestReport(store=DEPS_STORE, kind=kind.value)
    report.roots = ["installed distributions"]
    _record_walks(report, walks, nested)
    dists = installed(search_path)
    dep_scope = deps_scope(packages)
    files_scope = local_scope(walks, kind)
    scope = Scope(
        prefixes=dep_scope.prefixes + files_scope.prefixes,
        uris=dep_scope.uris + files_scope.uris,
        kinds=(kind.value,),
    )
    total = (len(packages) if packages else len(dists)) + count_sources(walks)
    sources = chain(
        dependency_sources(dists, settings, packages),
        local_sources(walks, DEPS_STORE, kind, settings, package_labels(walks, dists, packages)),
    )
    names = {normalise(p) for p in packages}
    wanted = [dist for key, dist in dists.items() if not names or key in names]
    size = description_bytes(wanted) + walked_bytes(walks)
    expected = chunks_for_bytes(size, settings.chunk_size)
    return await Ingestor(board, settings, progress, embedder).run(
        sources, scope, report, total, expected
    )
