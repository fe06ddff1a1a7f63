"""Which files of a repository's tree the mirror reads, and why the others are skipped.

A file is read unless it lies under a directory that is never walked (``.git``,
``node_modules``...), the repository's own ``.gitignore`` files (the root one and any deeper
ones, nested like git's: the deepest rule with an opinion decides, and nothing under an ignored
directory comes back) leave it out, it is larger than the size limit, or its type is binary.
A symbolic link is not followed. A read file whose bytes are not UTF-8 text (or hold a NUL
byte) is skipped as binary too. Each skip has a short reason (``ignored``, ``symlink``,
``too large``, ``binary``). A read file gets its
language (Pygments' name for it, ``None`` when Pygments knows none).
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Mapping

from pathspec import GitIgnoreSpec
from pygments.lexers import get_lexer_for_filename
from pygments.util import ClassNotFound

from ingest.ignore import ALWAYS_SKIPPED_DIRS, IGNORE_FILE

IGNORED, TOO_LARGE, BINARY, SYMLINK = "ignored", "too large", "binary", "symlink"
SYMLINK_MODE = "120000"
_PREFERRED = {".sql": "SQL"}
_BINARY_MAJOR = ("image", "audio", "video", "font")
_BINARY_APPLICATION = frozenset(
    {
        "octet-stream",
        "pdf",
        "zip",
        "gzip",
        "x-tar",
        "x-bzip2",
        "x-xz",
        "x-7z-compressed",
        "java-archive",
        "wasm",
        "x-sqlite3",
        "x-msdownload",
        "x-executable",
    }
)


class TreeIgnore:
    """A repository's ``.gitignore`` rules, keyed by the directory that holds each file."""

    def __init__(self, ignore_files: Mapping[str, str]) -> None:
        """``ignore_files``: path of each ``.gitignore`` in the tree -> its text."""
        self._rules = sorted(
            (
                (posixpath.dirname(path), GitIgnoreSpec.from_lines(text.splitlines()))
                for path, text in ignore_files.items()
            ),
            key=lambda rule: rule[0].count("/") + bool(rule[0]),
        )

    def ignores(self, path: str) -> bool:
        """Whether ``path`` (a file) or any directory above it is left out."""
        parts = path.split("/")
        if any(part in ALWAYS_SKIPPED_DIRS for part in parts[:-1]):
            return True
        for depth in range(1, len(parts)):
            if self._verdict("/".join(parts[:depth]) + "/"):
                return True
        return self._verdict(path)

    def _verdict(self, name: str) -> bool:
        for base, spec in reversed(self._rules):
            if base and not name.startswith(base + "/"):
                continue
            verdict = spec.check_file(name[len(base) + 1 :] if base else name).include
            if verdict is not None:
                return verdict
        return False


def is_ignore_file(path: str) -> bool:
    return posixpath.basename(path) == IGNORE_FILE


def skip_before_reading(
    path: str, size: int, mode: str, max_bytes: int, ignore: TreeIgnore
) -> str | None:
    """Why ``path`` (a tree entry with this git ``mode``) is not read at all (``None``: read it)."""
    if ignore.ignores(path):
        return IGNORED
    if mode == SYMLINK_MODE:
        return SYMLINK
    if size > max_bytes:
        return TOO_LARGE
    if _binary_type(path):
        return BINARY
    return None


def text_of(data: bytes) -> str | None:
    """The file's text, or ``None`` when its bytes are binary (a NUL byte, not UTF-8)."""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def language(path: str) -> str | None:
    """The language Pygments recognises from the file name (``Python``, ``Go``...); where
    several of its lexers claim an extension, the generic one (``.sql`` is ``SQL``)."""
    preferred = _PREFERRED.get(posixpath.splitext(path)[1].lower())
    if preferred:
        return preferred
    try:
        return str(get_lexer_for_filename(posixpath.basename(path)).name)
    except ClassNotFound:
        return None


def _binary_type(path: str) -> bool:
    guessed, encoding = mimetypes.guess_type(path, strict=False)
    if encoding is not None:
        return True
    if guessed is None:
        return False
    major, _, minor = guessed.partition("/")
    if major in _BINARY_MAJOR:
        return not minor.endswith("+xml")
    return major == "application" and (
        minor in _BINARY_APPLICATION or minor.startswith(("vnd.ms-", "vnd.openxmlformats"))
    )
