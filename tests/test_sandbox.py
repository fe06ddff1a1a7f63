"""The sandbox isolates for real: no network, one writable folder, limits that kill the whole run.

Every test runs real processes under bubblewrap; where bubblewrap cannot isolate on this machine
(not installed: deploy/install-test-tools.sh installs it; user namespaces forbidden) the module
is skipped with the reason.
"""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge_sources.workbench.checks import CheckCommand
from knowledge_sources.workbench.gate import Gate
from knowledge_sources.workbench.sandbox import (
    PythonSource,
    SandboxUnavailableError,
    run_sandboxed,
)
from knowledge_sources.workbench.sandbox_checks import SandboxCheckRunner
from knowledge_sources.workbench.sandbox_limits import SandboxLimits
from knowledge_sources.workbench.sandbox_settings import SandboxSettings
from tests.workbench_support import make_workbench

ISOLATED = SandboxSettings(isolation="bubblewrap")
OFF = SandboxSettings(isolation="off")


def _bubblewrap_works() -> str:
    with tempfile.TemporaryDirectory() as folder:
        try:
            asyncio.run(run_sandboxed(["true"], workdir=Path(folder), settings=ISOLATED))
        except SandboxUnavailableError as exc:
            return str(exc)
    return ""


_why_not = _bubblewrap_works()
pytestmark = pytest.mark.skipif(bool(_why_not), reason=f"no sandbox here: {_why_not}")


@pytest.fixture
def listener() -> Iterator[int]:
    """A listening TCP port on the host's loopback."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def _connect(port: int) -> PythonSource:
    return PythonSource(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), 2)\n")


async def test_no_network_not_even_the_hosts_loopback(tmp_path: Path, listener: int) -> None:
    blocked = await run_sandboxed(_connect(listener), workdir=tmp_path, settings=ISOLATED)
    assert blocked.exit_code == 1
    assert "ConnectionRefusedError" in blocked.stderr or "OSError" in blocked.stderr
    open_run = await run_sandboxed(_connect(listener), workdir=tmp_path, settings=OFF)
    assert open_run.exit_code == 0, open_run.stderr  # the same code connects without isolation


async def test_writes_only_inside_its_directory(tmp_path: Path) -> None:
    work, shown, hidden = tmp_path / "work", tmp_path / "shown", tmp_path / "hidden"
    for folder in (work, shown, hidden):
        folder.mkdir()
    (shown / "data.txt").write_text("original")
    code = (
        (
            "import pathlib\n"
            "pathlib.Path('made.txt').write_text('inside')\n"
            f"print(pathlib.Path('{shown}/data.txt').read_text())\n"
            "for target in ('{shown}/data.txt', '{hidden}/new.txt', '/usr/new.txt', '/etc/x'):\n"
            "    try:\n"
            "        pathlib.Path(target).write_text('escaped')\n"
            "        print('WROTE', target)\n"
            "    except OSError as exc:\n"
            "        print('refused', type(exc).__name__)\n"
        )
        .replace("{shown}", str(shown))
        .replace("{hidden}", str(hidden))
    )
    result = await run_sandboxed(
        PythonSource(code), workdir=work, settings=ISOLATED, readable=[shown]
    )
    assert result.exit_code == 0, result.stderr
    assert "WROTE" not in result.stdout
    assert result.stdout.splitlines()[0] == "original"  # readable folders are readable
    assert result.stdout.count("refused") == 4
    assert (work / "made.txt").read_text() == "inside"
    assert (shown / "data.txt").read_text() == "original"
    assert list(hidden.iterdir()) == []


async def test_the_teams_environment_does_not_reach_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GA_GITEA_TOKEN", "secret-token-value")
    home = str(tmp_path.resolve())  # noqa: ASYNC240 - a test's own temporary folder
    result = await run_sandboxed(["env"], workdir=tmp_path, settings=ISOLATED, env={"X": "1"})
    assert "secret-token-value" not in result.stdout
    assert "X=1" in result.stdout.splitlines()
    assert f"HOME={home}" in result.stdout.splitlines()


async def test_killed_over_its_memory_limit(tmp_path: Path) -> None:
    limits = SandboxLimits(memory_bytes=128 * 1024 * 1024)
    small = await run_sandboxed(
        PythonSource("b = bytearray(16 * 2**20)"),
        workdir=tmp_path,
        settings=ISOLATED,
        limits=limits,
    )
    assert (small.exit_code, small.killed_for) == (0, None), small.stderr
    big = await run_sandboxed(
        PythonSource("b = bytearray(400 * 2**20)"),
        workdir=tmp_path,
        settings=ISOLATED,
        limits=limits,
    )
    assert big.exit_code != 0
    assert big.killed_for == "memory"
    assert not big.timed_out


async def test_killed_over_its_wall_clock_limit_with_everything_it_started(tmp_path: Path) -> None:
    code = (
        "import subprocess, time\n"
        "subprocess.Popen(['sh', '-c', 'sleep 1; echo late > late.txt'], start_new_session=True)\n"
        "print('started', flush=True)\n"
        "time.sleep(60)\n"
    )
    limits = SandboxLimits(wall_s=0.5)
    result = await run_sandboxed(
        PythonSource(code), workdir=tmp_path, settings=ISOLATED, limits=limits
    )
    assert result.killed_for == "wall_time" and result.timed_out
    assert result.exit_code == 137
    assert result.stdout == "started\n"  # output up to the kill is kept
    assert result.duration_s < 5
    await asyncio.sleep(1.5)
    assert not (tmp_path / "late.txt").exists()  # its detached child died with it


async def test_killed_over_its_cpu_time_limit(tmp_path: Path) -> None:
    limits = SandboxLimits(cpu_s=1, wall_s=30)
    result = await run_sandboxed(
        PythonSource("while True:\n    pass\n"), workdir=tmp_path, settings=ISOLATED, limits=limits
    )
    assert result.killed_for == "cpu_time" and result.timed_out
    assert result.exit_code == 152  # SIGXCPU
    assert result.duration_s < 20


async def test_output_is_trimmed_to_its_head_and_tail(tmp_path: Path) -> None:
    code = "print('FIRST'); print('x' * 1_000_000); print('LAST')"
    limits = SandboxLimits(output_bytes=1000)
    result = await run_sandboxed(
        PythonSource(code), workdir=tmp_path, settings=ISOLATED, limits=limits
    )
    assert result.exit_code == 0
    assert result.trimmed
    assert result.stdout.startswith("FIRST\n") and result.stdout.endswith("LAST\n")
    assert "bytes trimmed" in result.stdout
    assert len(result.stdout) < 1100


async def test_a_command_runs_in_its_directory(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    result = await run_sandboxed(["cat", "a.txt"], workdir=tmp_path, settings=ISOLATED)
    assert (result.exit_code, result.stdout, result.trimmed) == (0, "hello", False)
    assert os.listdir(tmp_path) == ["a.txt"]


async def test_files_and_its_tmp_are_bounded(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "for path in ('big.bin', '/tmp/big.bin'):\n"
        "    try:\n"
        "        with open(path, 'wb') as f:\n"
        "            f.write(b'x' * 3 * 2**20)\n"
        "        print('WROTE', path)\n"
        "    except OSError as exc:\n"
        "        print('refused', path, exc.strerror)\n"
        "open('small.bin', 'wb').write(b'x' * 2**20)\n"
    )
    limits = SandboxLimits(file_bytes=2 * 2**20)
    result = await run_sandboxed(
        PythonSource(code), workdir=tmp_path, settings=ISOLATED, limits=limits
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("refused") == 2, result.stdout
    assert (tmp_path / "small.bin").stat().st_size == 2**20


async def test_a_cancelled_run_is_killed_with_everything_it_started(tmp_path: Path) -> None:
    command = ["sh", "-c", "(sleep 1; echo late > late.txt) & sleep 60"]
    run = asyncio.create_task(run_sandboxed(command, workdir=tmp_path, settings=ISOLATED))
    await asyncio.sleep(0.3)
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    await asyncio.sleep(1.5)
    assert not (tmp_path / "late.txt").exists()


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
