"""Shared helpers for the ingest tests (this module holds no tests itself).

``copy_handbook`` copies the fixture tree (tests/fixtures/ingest/handbook) to a temporary
directory, adding the files its ``.gitignore`` leaves out (they cannot be committed), so a
test may edit, delete and break files freely. Tests that count embeddings use conftest's
``fresh_board`` (a board on its own new database): ingest reuses vectors by content hash
across the whole board, so they must not share one. ``file_permissions_enforced`` lets a
root test process meet ``chmod 000`` for real.
"""

from __future__ import annotations

import ctypes
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from blackboard.models import Chunk, Entry
from blackboard.runtime import Board
from ingest.settings import IngestSettings

FIXTURE = Path(__file__).parent / "fixtures" / "ingest" / "handbook"
HANDBOOK_FILES = [
    "README.md",
    "guide/configure.md",
    "guide/install.md",
    "ops/backup.rst",
    "ops/runbook.txt",
    "src/retry.py",
]


def copy_handbook(target: Path) -> Path:
    """The handbook tree under ``target``, plus git-ignored files to exclude."""
    root = target / "handbook"
    shutil.copytree(FIXTURE, root)
    (root / "build").mkdir()
    (root / "build" / "ignored.md").write_text("# Built output, ignored\n")
    (root / "notes.log").write_text("a log line\n")
    return root


_CAPABILITY_VERSION_3 = 0x20080522
_FILE_CAPABILITIES = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


@contextmanager
def file_permissions_enforced() -> Iterator[None]:
    """Within the block, this thread cannot bypass file permissions (even as root).

    Capabilities are per thread on Linux: only the effective set of the calling thread loses
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, and gets them back afterwards (they stay
    permitted). Other threads, such as the database driver's, are not affected.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    saved = data[0].effective
    data[0].effective = saved & ~_FILE_CAPABILITIES
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    try:
        yield
    finally:
        data[0].effective = saved
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset (restore)")


def default_ingest_settings() -> IngestSettings:
    """Ingest settings at their defaults, whatever GA_INGEST_* the environment holds."""
    return IngestSettings.model_construct()


async def board_state(board: Board) -> dict[str, Any]:
    """Everything a write would change: event count, entry versions, chunk rows."""
    async with board.sessions() as session:
        events = await session.scalar(text("SELECT count(*) FROM board_events"))
        entries = (
            await session.execute(
                select(Entry.id, Entry.version, Entry.status, Entry.updated_at).order_by(Entry.id)
            )
        ).all()
        chunks = (
            await session.execute(
                select(Chunk.id, Chunk.entry_id, Chunk.content_hash, Chunk.start_line).order_by(
                    Chunk.id
                )
            )
        ).all()
    return {
        "events": events,
        "entries": [tuple(r) for r in entries],
        "chunks": [tuple(r) for r in chunks],
    }


async def entry_by_path(board: Board, path: Path) -> Entry:
    """The entry stored for a file."""
    async with board.sessions() as session:
        entry = await session.scalar(select(Entry).where(Entry.source_uri == path.as_uri()))
    assert entry is not None, f"no entry for {path}"
    return entry


async def chunks_of(board: Board, entry_id: int) -> list[Chunk]:
    """An entry's chunks in order."""
    async with board.sessions() as session:
        rows = await session.scalars(
            select(Chunk).where(Chunk.entry_id == entry_id).order_by(Chunk.ordinal)
        )
        return list(rows.all())


async def count_chunks(board: Board) -> int:
    """All chunk rows on the board."""
    async with board.sessions() as session:
        return int(await session.scalar(select(func.count(Chunk.id))) or 0)
