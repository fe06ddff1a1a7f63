"""Reading one file safely: every way a file can be unusable becomes a reason, never a crash.

Checks run cheapest first: not a regular file, over the size limit, empty, unreadable, binary
(a NUL byte in the first 8 KiB), not UTF-8, a NUL byte further on (PostgreSQL stores no NUL in
text, so one such file would otherwise fail its whole batch), only whitespace. FIFOs and
devices are never opened, so a named pipe cannot hang the walk.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path

BINARY_PROBE_BYTES = 8192


@dataclass(frozen=True)
class FileText:
    """A file's text (newlines normalised to ``\\n``) and the sha256 of its raw bytes."""

    text: str
    sha256: str
    size: int
    pages: int | None = None
    """A PDF's page count (its text is markdown with one section per page)."""


@dataclass(frozen=True)
class Unusable:
    """Why a file was not ingested."""

    reason: str


def read_text_file(path: Path, max_bytes: int) -> FileText | Unusable:
    """The file's text, or why it cannot be ingested."""
    raw = read_file_bytes(path, max_bytes)
    return raw if isinstance(raw, Unusable) else decode_text(raw, max_bytes)


def read_file_bytes(path: Path, max_bytes: int) -> bytes | Unusable:
    """The file's bytes (at most ``max_bytes + 1``), or why it cannot be read."""
    try:
        info = path.stat()
    except OSError as exc:
        return Unusable(describe_os_error(exc))
    if not stat.S_ISREG(info.st_mode):
        return Unusable(f"not a regular file ({_file_type(info.st_mode)})")
    if info.st_size > max_bytes:
        return Unusable(f"too large ({info.st_size} bytes > limit {max_bytes})")
    if info.st_size == 0:
        return Unusable("empty file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return Unusable(describe_os_error(exc))
    return raw


def decode_text(raw: bytes, max_bytes: int) -> FileText | Unusable:
    """Bytes to text under the same rules (used for files and in tests)."""
    if len(raw) > max_bytes:
        return Unusable(f"too large (more than {max_bytes} bytes)")
    if not raw:
        return Unusable("empty file")
    if b"\x00" in raw[:BINARY_PROBE_BYTES]:
        return Unusable("binary file (NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Unusable(f"not valid UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})")
    if (nul := raw.find(b"\x00")) >= 0:
        return Unusable(f"binary file (NUL byte at offset {nul})")
    if not text.strip():
        return Unusable("empty file (only whitespace)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return FileText(text=text, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))


def describe_os_error(exc: OSError) -> str:
    """A short reason for an error opening or reading a file."""
    import errno

    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "broken symlink or vanished file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "unreadable: permission denied"
    return f"unreadable: {exc.strerror or exc}"


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "directory"
    return "special file"
