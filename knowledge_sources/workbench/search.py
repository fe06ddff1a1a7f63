"""Searching the workspace like ripgrep, in pure Python: .gitignore honoured, output bounded.

The pattern is literal text unless ``regex`` is set; each hit is ``path:line: text``. The walk
skips ``.git``, whatever the root ``.gitignore`` ignores, binary and oversized files, and stops
after ``max_hits`` hits saying that it did.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.text import MAX_FILE_BYTES, split_lines
from knowledge_sources.workbench.workspace import Workspace

MAX_LINE_CHARS = 200


@dataclass(frozen=True)
class SearchHit:
    """One matching line."""

    path: str
    line: int
    text: str


def _ignored(workspace: Workspace) -> GitIgnoreSpec:
    gitignore = workspace.root / ".gitignore"
    lines = gitignore.read_text(errors="replace").splitlines() if gitignore.is_file() else []
    return GitIgnoreSpec.from_lines(lines)


def _files(workspace: Workspace, under: str, glob: str | None) -> list[Path]:
    start = workspace.resolve(under) if under else workspace.root
    ignored = _ignored(workspace)
    wanted = GitIgnoreSpec.from_lines([glob]) if glob else None
    found: list[Path] = []
    for directory, subdirs, names in os.walk(start):
        base = Path(directory)
        subdirs[:] = sorted(
            d
            for d in subdirs
            if d != ".git" and not ignored.match_file(workspace.relative(base / d) + "/")
        )
        for name in sorted(names):
            path = base / name
            relative = workspace.relative(path)
            if ignored.match_file(relative) or (wanted and not wanted.match_file(relative)):
                continue
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def search_workspace(
    workspace: Workspace,
    pattern: str,
    *,
    regex: bool = False,
    under: str = "",
    glob: str | None = None,
    max_hits: int = 50,
) -> tuple[list[SearchHit], bool]:
    """Hits in file then line order, and whether the search stopped at ``max_hits``."""
    if not pattern:
        raise WorkbenchError("give a non-empty pattern to search for")
    try:
        compiled = re.compile(pattern if regex else re.escape(pattern))
    except re.error as error:
        raise WorkbenchError(f"bad regular expression {pattern!r}: {error}") from error
    hits: list[SearchHit] = []
    for path in _files(workspace, under, glob):
        data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES or b"\0" in data:
            continue
        for number, line in enumerate(split_lines(data.decode("utf-8", "replace")), 1):
            line = line.rstrip("\r\n")
            if compiled.search(line):
                if len(hits) == max_hits:
                    return hits, True
                hits.append(SearchHit(workspace.relative(path), number, line[:MAX_LINE_CHARS]))
    return hits, False


def format_hits(hits: list[SearchHit], truncated: bool) -> str:
    """The hits as ``path:line: text`` lines, with a note when the output was cut."""
    if not hits:
        return "no matches"
    lines = [f"{hit.path}:{hit.line}: {hit.text}" for hit in hits]
    if truncated:
        lines.append(f"... stopped after {len(hits)} hits; narrow the pattern, glob or folder")
    return "\n".join(lines)
