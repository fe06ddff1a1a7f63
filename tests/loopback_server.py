"""A tiny HTTP server on 127.0.0.1 for testing model backends at the HTTP level.

Tests queue the responses it gives (status, JSON or raw body) and read back the requests it
received (method, path, headers, decoded JSON body). Nothing leaves loopback.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Canned:
    """One response to give."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"


@dataclass
class LoopbackServer:
    """Hands out queued responses in order; records every request."""

    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    responses: deque[Canned] = field(default_factory=deque)

    def reply_json(self, payload: Any, status: int = 200) -> None:
        self.responses.append(Canned(status, json.dumps(payload).encode()))

    def reply_raw(self, body: str, status: int = 200, content_type: str = "text/plain") -> None:
        self.responses.append(Canned(status, body.encode(), content_type))

    @property
    def last(self) -> Recorded:
        return self.requests[-1]


def _handler(state: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr log."""

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body: Any = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = raw.decode(errors="replace")
            state.requests.append(
                Recorded(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )
            canned = (
                state.responses.popleft()
                if state.responses
                else Canned(500, b'{"error": "no response queued"}')
            )
            self.send_response(canned.status)
            self.send_header("Content-Type", canned.content_type)
            self.send_header("Content-Length", str(len(canned.body)))
            self.end_headers()
            self.wfile.write(canned.body)

        do_GET = _serve
        do_POST = _serve

    return Handler


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port for the block; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def loopback_server() -> Iterator[LoopbackServer]:
    """Run a server on a free loopback port for the duration of the block."""
    state = LoopbackServer()
    with serving(_handler(state)) as state.url:
        yield state


def refused_url() -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
