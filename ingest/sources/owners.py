"""Which installed distribution a docs path given to ``ingest deps`` belongs to.

Decided per path, first rule that gives an answer:

1. exactly one ``--package NAME`` given: every path belongs to NAME (if it is installed);
2. the path lies in an installed distribution's own files (``site-packages/foo/docs``: under a
   top-level directory its RECORD lists; when several share it, as namespace packages do, the
   one with files under the path; still several: none);
3. the directory's name is an installed distribution's normalised name (``vendor/foo``), or
   its parent's name when the directory is called ``doc``, ``docs`` or ``documentation``
   (``vendor/foo/docs``).

No answer: the path's entries carry ``store:deps`` only. With an answer they also carry the
package's tags (``package:<name>``, ``<name>==<version>``) and ``package``/``version`` in their
metadata, so after an upgrade the next run re-tags them.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from pathlib import Path, PurePath

from ingest.sources.deps import InstalledDist, normalise
from ingest.sources.local import RootLabels
from ingest.walk import WalkResult

DOCS_DIR_NAMES = frozenset({"doc", "docs", "documentation"})
NOT_PACKAGE_DIRS = (".dist-info", ".egg-info", ".data")


def package_labels(
    walks: list[WalkResult], dists: Mapping[str, InstalledDist], named: Collection[str] = ()
) -> dict[Path, RootLabels]:
    """The package labels of each walked root that belongs to an installed distribution."""
    labels: dict[Path, RootLabels] = {}
    for walk in walks:
        owner = owner_of(walk.root if walk.is_dir else walk.root.parent, dists, named)
        if owner is not None:
            meta = {"package": owner.name, "version": owner.version}
            labels[walk.root] = RootLabels(owner.tags(), meta)
    return labels


def owner_of(
    directory: Path, dists: Mapping[str, InstalledDist], named: Collection[str] = ()
) -> InstalledDist | None:
    """The installed distribution ``directory`` belongs to, if one can be told (see above)."""
    wanted = {normalise(n) for n in named}
    if len(wanted) == 1:
        return dists.get(wanted.pop())
    return _by_files(directory, dists) or _by_name(directory, dists)


def _by_files(directory: Path, dists: Mapping[str, InstalledDist]) -> InstalledDist | None:
    real = Path(os.path.realpath(directory))
    owners: list[tuple[InstalledDist, bool]] = []
    for dist in dists.values():
        inside = _inside(real, dist)
        if inside is not None:
            owners.append((dist, inside))
    if len(owners) > 1:
        owners = [owner for owner in owners if owner[1]]
    return owners[0][0] if len(owners) == 1 else None


def _inside(real: Path, dist: InstalledDist) -> bool | None:
    """``None``: not in ``dist``'s directories; else whether ``dist`` has files under it."""
    if dist.distribution is None:
        return None
    try:
        base = Path(os.path.realpath(str(dist.distribution.locate_file(""))))
        relative = real.relative_to(base).parts
        files = dist.distribution.files or []
    except (NotImplementedError, OSError, ValueError):
        return None
    if not relative or relative[0].endswith(NOT_PACKAGE_DIRS):
        return None
    parts = [PurePath(f).parts for f in files]
    if not any(len(p) > 1 and p[0] == relative[0] for p in parts):
        return None
    return any(p[: len(relative)] == relative and len(p) > len(relative) for p in parts)


def _by_name(directory: Path, dists: Mapping[str, InstalledDist]) -> InstalledDist | None:
    name = directory.name
    if name.lower() in DOCS_DIR_NAMES:
        name = directory.parent.name
    return dists.get(normalise(name)) if name else None
