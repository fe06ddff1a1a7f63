"""The record ``up`` keeps beside the API token while it runs: where it serves, its pid, and
whether the team runs; the other commands read it to find the API (``GA_API_URL`` wins).

Written when ``up`` starts serving, removed when it stops cleanly; a record whose pid is gone
(``up`` was killed) is stale and ignored. One ``up`` per data directory: ``claim_data_dir``
holds a lock (``up.lock``, released by the kernel however the process ends) for ``up``'s
lifetime, and a second ``up`` is refused with the first one's pid and address before it starts
anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from blackboard.settings import BoardSettings

RECORD_NAME = "up.json"
LOCK_NAME = "up.lock"


class AlreadyRunningError(Exception):
    """Another ``up`` holds the data directory."""


@dataclass(frozen=True)
class RunRecord:
    """One running ``up``."""

    url: str
    pid: int
    agents: bool

    def alive(self) -> bool:
        """Whether the process that wrote the record still exists."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # someone else's process: it exists
        return True


def record_file(settings: BoardSettings) -> Path:
    """Where ``up`` keeps its record: the data directory, beside the API token."""
    return settings.data_dir / RECORD_NAME


def client_url(host: str, port: int) -> str:
    """The URL a local client uses for a server bound to ``host``:``port``."""
    if host in ("0.0.0.0", ""):  # noqa: S104 - naming the wildcard, not binding to it
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def write_record(settings: BoardSettings, record: RunRecord) -> Path:
    """Store ``record`` (replacing an older one)."""
    path = record_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(record)) + "\n")
    return path


def read_record(settings: BoardSettings) -> RunRecord | None:
    """The stored record, or ``None`` when there is none or it cannot be read."""
    try:
        data = json.loads(record_file(settings).read_text())
        return RunRecord(url=str(data["url"]), pid=int(data["pid"]), agents=bool(data["agents"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_record(settings: BoardSettings, pid: int) -> None:
    """Remove the record if it is still the one ``pid`` wrote."""
    found = read_record(settings)
    if found is not None and found.pid == pid:
        with contextlib.suppress(FileNotFoundError):
            record_file(settings).unlink()


@contextlib.contextmanager
def claim_data_dir(settings: BoardSettings) -> Iterator[None]:
    """Hold the data directory for one ``up``; ``AlreadyRunningError`` names the one holding it."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / LOCK_NAME
    with path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise AlreadyRunningError(_holder(settings, lock.read().strip())) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _holder(settings: BoardSettings, pid: str) -> str:
    record = read_record(settings)
    where = f"serving {record.url}" if record is not None and str(record.pid) == pid else "starting"
    return (
        f"another 'gitea-assistants up' already runs on the data directory {settings.data_dir} "
        f"(pid {pid or 'unknown'}, {where}); stop it first (Ctrl-C, or kill {pid or 'its pid'}), "
        "or give this one its own GA_DATA_DIR"
    )
