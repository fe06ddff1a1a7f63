"""The paths a run walks: each given path once, and none inside another one given.

``ingest docs docs/guide`` would otherwise reach ``docs/guide/*.md`` twice, with two different
relative paths, and every run would rewrite those entries back and forth. The outer path wins;
the inner one is reported as skipped with the path that already covers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ingest.model import Skip
from ingest.walk import absolute


def outermost(paths: Sequence[Path]) -> tuple[list[Path], list[Skip]]:
    """``paths`` less those equal to or inside another (kept in order), and a skip for each."""
    given = [(path, absolute(path)) for path in paths]
    kept: list[Path] = []
    skipped: list[Skip] = []
    for index, (path, full) in enumerate(given):
        covers = [
            (len(other_full.parts), other)
            for j, (other, other_full) in enumerate(given)
            if j != index and full.is_relative_to(other_full) and (full != other_full or j < index)
        ]
        if not covers:
            kept.append(path)
            continue
        outer = min(covers, key=lambda cover: cover[0])[1]  # the one that is walked
        skipped.append(Skip(str(path), f"inside {outer}, which this run ingests already"))
    return kept, skipped
