"""The embedded PostgreSQL's shared_buffers: sized to the machine (an eighth of the RAM, 128 MB
to 8 GB) or set, applied to a real server with one restart, and a value the server cannot
start with falls back to PostgreSQL's default with a warning instead of leaving no server."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from blackboard import embedded_memory
from blackboard.embedded_server import EmbeddedPostgres

MIB = 2**20
GIB = 2**30


def test_shared_buffers_are_an_eighth_of_the_ram_within_bounds() -> None:
    assert embedded_memory.shared_buffers_bytes(ram=24 * GIB) == 3 * GIB
    assert embedded_memory.shared_buffers_bytes(ram=512 * MIB) == 128 * MIB
    assert embedded_memory.shared_buffers_bytes(ram=256 * GIB) == 8 * GIB
    assert embedded_memory.shared_buffers_bytes(200, ram=24 * GIB) == 200 * MIB


def test_the_server_runs_with_the_buffers_asked_for_and_survives_impossible_ones(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pgdata = tmp_path / "pgdata"
    server = EmbeddedPostgres(pgdata, 160 * MIB)  # a new data directory: restarted once
    assert embedded_memory.current_bytes(server.start()) == 160 * MIB
    server.stop()

    again = EmbeddedPostgres(pgdata, 160 * MIB)  # already applied: started as it is
    assert embedded_memory.current_bytes(again.start()) == 160 * MIB
    again.stop()

    caplog.set_level(logging.WARNING, logger="blackboard.embedded_server")
    huge = EmbeddedPostgres(pgdata, 4096 * GIB)  # valid, but no mapping (vm.overcommit_memory 0)
    uri = huge.start()
    try:
        assert embedded_memory.current_bytes(uri) == 128 * MIB  # PostgreSQL's default
        assert "did not start with shared_buffers" in caplog.text
        assert "GA_EMBEDDED_SHARED_BUFFERS_MB" in caplog.text
    finally:
        huge.stop()
