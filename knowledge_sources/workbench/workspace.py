"""The workspace: a checkout directory every tool works in, and the confinement of paths to it.

A tool names files relative to the workspace root. ``resolve`` refuses absolute paths, ``..``
components and anything whose real path (symlinks followed) lies outside the root, and never
hands out a path inside ``.git``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from knowledge_sources.workbench.errors import PathEscapeError, WorkbenchError


@dataclass(frozen=True)
class Workspace:
    """A directory (normally a git checkout) the tools may read and change."""

    root: Path

    def __post_init__(self) -> None:
        real = self.root.resolve()
        if not real.is_dir():
            raise WorkbenchError(f"workspace {self.root} is not a directory")
        object.__setattr__(self, "root", real)

    def resolve(self, relative: str) -> Path:
        """The real path of ``relative`` inside the workspace; refuses any escape."""
        pure = PurePosixPath(relative.replace("\\", "/"))
        if not relative.strip() or pure.is_absolute():
            raise PathEscapeError(f"path {relative!r}: give a path relative to the workspace root")
        if ".." in pure.parts:
            raise PathEscapeError(f"path {relative!r}: '..' is not allowed, name the file directly")
        if pure.parts and pure.parts[0] == ".git":
            raise PathEscapeError(f"path {relative!r}: the .git directory is off limits")
        real = (self.root / pure).resolve()
        if real != self.root and self.root not in real.parents:
            raise PathEscapeError(f"path {relative!r} leads outside the workspace (a symlink)")
        return real

    def relative(self, path: Path) -> str:
        """``path`` (inside the workspace) as the POSIX text the tools use."""
        return path.relative_to(self.root).as_posix()

    def existing_file(self, relative: str) -> Path:
        """The resolved path of an existing regular file, or a clear error."""
        path = self.resolve(relative)
        if not path.is_file():
            raise WorkbenchError(
                f"no file {relative!r} in the workspace; search or view to find it"
            )
        return path
