"""The paths a run walks: each given path once, and each file under one path only.

``ingest docs docs/guide`` would otherwise reach ``docs/guide/*.md`` twice, with two different
relative paths, and every run would rewrite those entries back and forth. A path given twice
is walked once. A path inside another one is walked too (it may hold what the outer walk
leaves out: ``docs/build`` under a ``.gitignore`` that lists ``build/``), but a file the outer
walk found is left to it; an inner path that adds nothing is reported as skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ingest.model import Skip
from ingest.walk import WalkResult, absolute


def distinct(paths: Sequence[Path]) -> tuple[list[Path], list[Skip]]:
    """``paths`` without repeats (the same absolute path), and a skip for each repeat."""
    kept: list[Path] = []
    skipped: list[Skip] = []
    seen: dict[Path, Path] = {}
    for path in paths:
        full = absolute(path)
        if full in seen:
            skipped.append(Skip(str(path), f"the same path as {seen[full]}, walked once"))
        else:
            seen[full] = path
            kept.append(path)
    return kept, skipped


def leave_to_outer(walks: list[WalkResult]) -> list[Skip]:
    """Drop from each walk what an enclosing walk found; report inner walks left empty."""
    skipped: list[Skip] = []
    for inner in walks:
        outers = [o for o in walks if o is not inner and o.is_dir and _inside(inner.root, o.root)]
        if not outers:
            continue
        found = {f.path for o in outers for f in o.files}
        reported = {s.path for o in outers for s in o.skipped}
        had_any = bool(inner.files or inner.skipped)
        inner.files[:] = [f for f in inner.files if f.path not in found]
        inner.skipped[:] = [s for s in inner.skipped if s.path not in reported]
        if had_any and not inner.files and not inner.skipped:
            outer = min(outers, key=lambda o: len(o.root.parts)).root
            skipped.append(Skip(str(inner.root), f"inside {outer}, which this run ingests already"))
    return skipped


def _inside(path: Path, root: Path) -> bool:
    return path != root and path.is_relative_to(root)
