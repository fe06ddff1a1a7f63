"""Which repository files are documentation (tagged ``doc`` on the board, the rest ``code``)."""

from __future__ import annotations

import posixpath

_TOP_LEVEL = ("readme", "goals", "roadmap", "project", "contributing", "architecture", "design")
_DOC_EXTENSIONS = (".md", ".markdown", ".rst", ".txt", "")


def is_doc(path: str) -> bool:
    """README*, GOALS/ROADMAP/PROJECT/..., docs/**.md, goals/**.md and every ``<dir>/<dir>.md``."""
    directory, name = posixpath.split(path)
    stem, ext = posixpath.splitext(name)
    lowered = path.lower()
    if not directory:
        return stem.lower() in _TOP_LEVEL and ext.lower() in _DOC_EXTENSIONS
    if ext.lower() not in (".md", ".markdown", ".rst"):
        return False
    first = lowered.split("/", 1)[0]
    if first in ("docs", "doc", "goals"):
        return True
    return stem.lower() == posixpath.basename(directory).lower()
