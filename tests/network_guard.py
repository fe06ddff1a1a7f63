"""Tests talk to loopback only: a connection to any other address fails before a packet leaves.

``install()`` wraps ``socket.socket.connect`` and ``connect_ex``; httpx, urllib, asyncio's
``create_connection`` and ``sock_connect`` all connect through them. Unix sockets and
127.0.0.0/8, ::1 (also IPv4-mapped) pass; a host name passes when every address it resolves
to is loopback. Anything else raises ``OutsideNetworkError`` (not an ``OSError``, so no retry or
"server down" handling takes it for an ordinary failure), the socket is closed unconnected,
and the address is recorded in ``refused``, where ``conftest.py`` fails the test that tried
even if the code under test swallowed the error.
Not seen: connections made in C (libpq under psycopg, to the embedded PostgreSQL) and anything
a subprocess started by a test does.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

refused: list[str] = []
"""Every address a test tried to reach beyond loopback, in order."""

_original: dict[str, Any] = {}


class OutsideNetworkError(RuntimeError):
    """A test tried to connect to an address that is not loopback."""


def is_loopback(family: int, address: Any) -> bool:
    """Whether connecting a socket of ``family`` to ``address`` stays on this machine."""
    if family == getattr(socket, "AF_UNIX", None):
        return True
    if family not in (socket.AF_INET, socket.AF_INET6):
        return False
    host = str(address[0]).split("%", 1)[0]
    try:
        return _loopback_ip(host)
    except ValueError:
        pass  # a host name: look at what it resolves to
    try:
        resolved = socket.getaddrinfo(host, None, family)
    except socket.gaierror:
        return False
    return bool(resolved) and all(_loopback_ip(str(info[4][0])) for info in resolved)


def _loopback_ip(host: str) -> bool:
    ip = ipaddress.ip_address(host)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def _check(sock: socket.socket, address: Any) -> None:
    if not is_loopback(sock.family, address):
        shown = f"{address[0]}:{address[1]}" if isinstance(address, tuple) else repr(address)
        refused.append(shown)
        sock.close()  # callers that only clean up after an OSError would leak it
        raise OutsideNetworkError(f"tests may only connect to loopback, not {shown}")


def _connect(sock: socket.socket, address: Any) -> None:
    _check(sock, address)
    _original["connect"](sock, address)


def _connect_ex(sock: socket.socket, address: Any) -> int:
    _check(sock, address)
    result: int = _original["connect_ex"](sock, address)
    return result


def install() -> None:
    """Guard every Python socket of this process (idempotent)."""
    if _original:
        return
    _original["connect"] = socket.socket.connect
    _original["connect_ex"] = socket.socket.connect_ex
    socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign,assignment]


def uninstall() -> None:
    """Put the original methods back."""
    if not _original:
        return
    socket.socket.connect = _original.pop("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = _original.pop("connect_ex")  # type: ignore[method-assign]
