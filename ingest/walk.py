"""Walking the paths given to ingest: files to read, files to skip (and why), files left out.

Left out silently (counted as ``excluded``): hidden files and directories unless asked for,
VCS and cache directories, virtualenvs, and whatever ``.gitignore`` files or extra patterns
exclude. Skipped with a reason: unsupported file types, special files, symlink loops, broken
symlinks, symlinks whose target resolves outside the paths given to the run (a link to
``/etc/shadow`` never reaches the board, however ingest runs), unreadable directories, and a
second path to a file already found. A directory that
could not be read is marked as such (``unreadable_dir``): what it holds is unknown, so the
entries stored under it must stay as they are.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from blackboard.splitting import Format
from ingest.errors import IngestError, PathNotFoundError
from ingest.formats import FileFormat, detect_format
from ingest.ignore import ALWAYS_SKIPPED_DIRS, IgnoreStack
from ingest.read import describe_os_error
from ingest.settings import IngestSettings


@dataclass(frozen=True)
class FoundFile:
    """A file to ingest: absolute path as walked (symlinks kept), path relative to the root."""

    path: Path
    relpath: str
    format: FileFormat


@dataclass(frozen=True)
class SkippedFile:
    """A file or directory that could not be ingested, and why.

    ``unreadable_dir``: a directory whose contents could not be listed (or that could not be
    examined at all), as opposed to one left out on purpose (a loop, a second path to it).
    """

    path: Path
    reason: str
    unreadable_dir: bool = False


@dataclass
class WalkResult:
    """Everything one root yielded."""

    root: Path
    is_dir: bool
    files: list[FoundFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    excluded: int = 0


def absolute(path: Path) -> Path:
    """``path`` made absolute and normalised (``..`` folded) without resolving symlinks."""
    return Path(os.path.abspath(path))


def check_paths_exist(paths: list[Path]) -> None:
    """Raise ``PathNotFoundError`` naming every path that does not exist."""
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise PathNotFoundError("no such file or directory: " + ", ".join(missing))


def walk(root: Path, settings: IngestSettings, within: Sequence[Path] = ()) -> WalkResult:
    """Find the files under ``root`` (or ``root`` itself when it is a file).

    A symlink met on the way is followed only when its target resolves inside ``root`` or one
    of the ``within`` paths (the other paths of the same run); ``root`` itself may be a link.
    """
    root = absolute(root)
    check_paths_exist([root])
    try:
        info = root.stat()
    except OSError as exc:
        raise IngestError(f"cannot read {root}: {describe_os_error(exc)}") from exc
    if not stat.S_ISDIR(info.st_mode):
        result = WalkResult(root=root, is_dir=False)
        fmt = detect_format(root, settings.extra_extensions) or FileFormat(Format.TEXT)
        result.files.append(FoundFile(root, root.name, fmt))
        return result
    result = WalkResult(root=root, is_dir=True)
    allowed = tuple(dict.fromkeys(resolved(p) for p in (root, *within)))
    _Walker(root, settings, result, allowed).run(info)
    return result


def resolved(path: Path) -> Path:
    """``path`` with every symlink resolved (what a link really points at)."""
    return Path(os.path.realpath(path))


def inside_any(path: Path, roots: Sequence[Path]) -> bool:
    """Whether ``path`` is one of ``roots`` or lies under one."""
    return any(path == root or path.is_relative_to(root) for root in roots)


class _Walker:
    def __init__(
        self, root: Path, settings: IngestSettings, result: WalkResult, allowed: Sequence[Path]
    ) -> None:
        self.root = root
        self.allowed = allowed
        self.settings = settings
        self.result = result
        self.seen_dirs: dict[tuple[int, int], Path] = {}
        self.seen_files: dict[tuple[int, int], str] = {}

    def run(self, root_info: os.stat_result) -> None:
        ignores = IgnoreStack.for_root(self.root, self.settings.exclude).entering(self.root)
        self._walk_dir(self.root, root_info, ignores, frozenset())

    def _walk_dir(
        self,
        directory: Path,
        info: os.stat_result,
        ignores: IgnoreStack,
        ancestors: frozenset[tuple[int, int]],
    ) -> None:
        identity = (info.st_dev, info.st_ino)
        ancestors = ancestors | {identity}
        self.seen_dirs[identity] = directory
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            self._skip(directory, f"directory {describe_os_error(exc)}", unreadable_dir=True)
            return
        for entry in entries:
            self._visit(directory, entry, ignores, ancestors)

    def _visit(
        self,
        directory: Path,
        entry: os.DirEntry[str],
        ignores: IgnoreStack,
        ancestors: frozenset[tuple[int, int]],
    ) -> None:
        path = directory / entry.name
        if entry.name.startswith(".") and not self.settings.include_hidden:
            self.result.excluded += 1
            return
        if _not_utf8(entry.name):
            self._skip(path, "file name is not valid UTF-8")
            return
        is_link = entry.is_symlink()
        if is_link and not self.settings.follow_symlinks:
            self._skip(path, "symlink not followed (GA_INGEST_FOLLOW_SYMLINKS=false)")
            return
        if is_link and not inside_any(resolved(path), self.allowed):
            self._skip(path, "symlink points outside the paths given to ingest")
            return
        try:
            info = path.stat()
        except OSError as exc:
            reason = "symlink loop" if exc.errno == errno.ELOOP else describe_os_error(exc)
            self._skip(path, reason, unreadable_dir=_listed_as_dir(entry))
            return
        if stat.S_ISDIR(info.st_mode):
            self._visit_dir(path, info, ignores, ancestors)
        else:
            self._visit_file(path, info, ignores)

    def _visit_dir(
        self,
        path: Path,
        info: os.stat_result,
        ignores: IgnoreStack,
        ancestors: frozenset[tuple[int, int]],
    ) -> None:
        if path.name in ALWAYS_SKIPPED_DIRS or os.path.isfile(path / "pyvenv.cfg"):
            self.result.excluded += 1
            return
        if ignores.ignores(path, is_dir=True):
            self.result.excluded += 1
            return
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            self._skip(path, "symlink loop (points back to a parent directory)")
            return
        if identity in self.seen_dirs:
            self._skip(path, f"same directory as {self._rel(self.seen_dirs[identity])}")
            return
        self._walk_dir(path, info, ignores.entering(path), ancestors)

    def _visit_file(self, path: Path, info: os.stat_result, ignores: IgnoreStack) -> None:
        if ignores.ignores(path, is_dir=False):
            self.result.excluded += 1
            return
        if not stat.S_ISREG(info.st_mode):
            self._skip(path, "not a regular file (named pipe, socket or device)")
            return
        fmt = detect_format(path, self.settings.extra_extensions)
        if fmt is None:
            self._skip(path, f"unsupported file type ({path.suffix or path.name})")
            return
        identity = (info.st_dev, info.st_ino)
        relpath = self._rel(path)
        first = self.seen_files.setdefault(identity, relpath)
        if first != relpath:
            self._skip(path, f"same file as {first}")
            return
        self.result.files.append(FoundFile(path, relpath, fmt))

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _skip(self, path: Path, reason: str, *, unreadable_dir: bool = False) -> None:
        self.result.skipped.append(SkippedFile(path, reason, unreadable_dir))


def _listed_as_dir(entry: os.DirEntry[str]) -> bool:
    """Whether the parent's listing says ``entry`` is a directory (not a symlink to one)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _not_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
