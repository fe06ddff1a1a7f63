"""The gate's checks run in the sandbox: a repository's check that reaches for the network
fails there, a clean one passes through a real edit, and without isolation nothing runs."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge_sources.workbench.checks import CheckCommand
from knowledge_sources.workbench.gate import Gate
from knowledge_sources.workbench.sandbox_checks import SandboxCheckRunner
from knowledge_sources.workbench.sandbox_settings import SandboxSettings
from tests.test_sandbox import ISOLATED, _why_not
from tests.workbench_support import make_workbench

needs_sandbox = pytest.mark.skipif(bool(_why_not), reason=f"no sandbox here: {_why_not}")


@pytest.fixture
def listener() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@needs_sandbox
async def test_a_check_runs_isolated_and_a_clean_edit_passes(tmp_path: Path, listener: int) -> None:
    runner = SandboxCheckRunner(ISOLATED)
    reach = f"import socket; socket.create_connection(('127.0.0.1', {listener}), 2)"
    blocked = await runner.run(["python3", "-c", reach], tmp_path, 30)
    assert not blocked.passed and "Error" in blocked.output

    compiles = CheckCommand(name="compiles", argv=["python3", "-m", "py_compile", "{files}"])
    bench = make_workbench(tmp_path / "repo", Gate(checks=[compiles], runner=runner))
    edited = await bench.search_replace("pkg/shapes.py", "self.side * 2", "self.side**2")
    assert edited.ok, edited.output
    assert edited.output.endswith("gate: parses; compiles passed")


async def test_without_isolation_the_check_does_not_run(tmp_path: Path) -> None:
    runner = SandboxCheckRunner(SandboxSettings(isolation="bubblewrap", bwrap="/nonexistent/bwrap"))
    outcome = await runner.run(["python3", "-c", "print('ran')"], tmp_path, 30)
    assert outcome.exit_code is None and not outcome.passed
    assert outcome.output.startswith("the check did not run: ") and "ran\n" not in outcome.output
