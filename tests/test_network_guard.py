"""The network guard: a connection beyond loopback fails before it is made; loopback passes.

192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, so nothing real could answer there anyway.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import network_guard
from tests.network_guard import OutsideNetworkError

OUTSIDE = ("192.0.2.1", 9)


@pytest.fixture
def tried() -> Iterator[list[str]]:
    """What the test tried to reach beyond loopback (taken off the guard's record afterwards,
    so the autouse ``loopback_only`` check does not fail the test for its deliberate tries)."""
    before = len(network_guard.refused)
    record: list[str] = []
    yield record
    record.extend(network_guard.refused[before:])
    del network_guard.refused[before:]


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.create_server(("127.0.0.1", 0))
    try:
        yield server
    finally:
        server.close()


def test_outside_address_is_refused_before_the_socket_connects(tried: list[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(OutsideNetworkError, match=r"192\.0\.2\.1:9"):
            sock.connect(OUTSIDE)
        assert sock.fileno() == -1  # closed by the guard, never connected: nothing went out
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(OutsideNetworkError),
    ):
        sock.connect_ex(OUTSIDE)
    assert network_guard.refused[-2:] == ["192.0.2.1:9", "192.0.2.1:9"]


def test_http_clients_and_asyncio_meet_the_guard(tried: list[str]) -> None:
    with pytest.raises(OutsideNetworkError):
        httpx.get("http://192.0.2.1:9/", timeout=5)

    async def open_outside() -> None:
        await asyncio.open_connection(*OUTSIDE)

    with pytest.raises(OutsideNetworkError):
        asyncio.run(open_outside())


def test_loopback_passes(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        assert sock.getpeername()[1] == port
    with socket.create_connection(("localhost", port), timeout=5) as sock:
        assert sock.getpeername()[1] == port
    assert network_guard.is_loopback(socket.AF_INET6, ("::1", port, 0, 0))
    assert network_guard.is_loopback(socket.AF_INET6, ("::ffff:127.0.0.1", port, 0, 0))
    assert not network_guard.is_loopback(socket.AF_INET6, ("2001:db8::1", port, 0, 0))


def test_unix_sockets_pass(tmp_path: Path) -> None:
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen()
        client.connect(path)
