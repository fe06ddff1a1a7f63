"""``run_sandboxed``: run a command or Python source in an isolated, limited process.

Isolation is bubblewrap (no network, only the work directory writable, the rest of the file
system read-only or absent) under ``prlimit`` (CPU, memory and file-size rlimits); a wall-clock
timer kills the whole run. Where bubblewrap is missing or cannot create its namespaces the call
is refused with ``SandboxUnavailableError`` — unless the operator set ``GA_SANDBOX_ISOLATION=off``,
which runs without isolation (limits still apply) and says so in a warning on every run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from knowledge_sources.workbench.sandbox_argv import bwrap_argv, prlimit_argv, sandbox_env
from knowledge_sources.workbench.sandbox_limits import SandboxLimits
from knowledge_sources.workbench.sandbox_output import BoundedOutput
from knowledge_sources.workbench.sandbox_settings import SandboxSettings

logger = logging.getLogger(__name__)

KilledFor = Literal["wall_time", "cpu_time", "memory"]

_MEMORY_SIGNS = ("MemoryError", "Cannot allocate memory", "std::bad_alloc", "out of memory")
_DRAIN_AFTER_EXIT_S = 2.0
_isolating: set[str] = set()
"""bubblewrap binaries that proved, once per process, that they can isolate here."""


class SandboxUnavailableError(Exception):
    """No isolation is available here; the message says why and how to fix it."""


@dataclass(frozen=True)
class PythonSource:
    """Python code to run with the sandbox's interpreter (``python -I -u -``, code on stdin)."""

    code: str


@dataclass(frozen=True)
class SandboxResult:
    """What a sandboxed run did."""

    exit_code: int
    """The exit status; 128 + N when a signal N ended it (137: SIGKILL, 152: SIGXCPU)."""
    stdout: str
    stderr: str
    timed_out: bool
    """It ran past its wall-clock or CPU-time limit and was killed."""
    killed_for: KilledFor | None
    """Which limit ended it: wall_time, cpu_time, or memory (an allocation refused)."""
    duration_s: float
    trimmed: bool
    """Some of stdout or stderr was dropped (the head and the tail are kept)."""


async def run_sandboxed(
    program: Sequence[str] | PythonSource,
    *,
    workdir: Path,
    settings: SandboxSettings,
    limits: SandboxLimits | None = None,
    readable: Sequence[Path] = (),
    env: Mapping[str, str] | None = None,
) -> SandboxResult:
    """Run ``program`` (an argv, or ``PythonSource``) in ``workdir``, the only writable folder.

    ``readable`` folders are mounted read-only (a virtualenv, a repository's tools); ``env`` is
    the run's whole environment beyond PATH, LANG, HOME (= workdir) and TMPDIR.
    """
    limits = limits or settings.limits()
    workdir = _existing_dir(workdir)
    argv, stdin = _program(program, settings)
    prlimit = _tool(settings.prlimit, "prlimit (Debian package util-linux)", settings)
    prefix = prlimit_argv(prlimit, limits)
    run_env = sandbox_env(workdir, env or {})
    if settings.isolation == "off":
        logger.warning(
            "sandbox isolation is OFF (GA_SANDBOX_ISOLATION=off): %s runs with the team's "
            "network and file system; only the limits apply",
            argv[0],
        )
    else:
        bwrap = _tool(settings.bwrap, "bubblewrap (Debian package bubblewrap)", settings)
        await _check_isolation(bwrap, workdir)
        shown = [_existing_dir(path) for path in readable]
        prefix += bwrap_argv(bwrap, workdir, shown, run_env, tmp_bytes=limits.file_bytes)
    return await _run([*prefix, *argv], stdin, workdir, run_env, limits)


def _existing_dir(path: Path) -> Path:
    resolved = path.resolve()
    if not resolved.is_dir():
        raise ValueError(f"sandbox folder {path} does not exist")
    return resolved


def _program(
    program: Sequence[str] | PythonSource, settings: SandboxSettings
) -> tuple[list[str], bytes | None]:
    if isinstance(program, PythonSource):
        return [settings.python, "-I", "-u", "-"], program.code.encode()
    if not program:
        raise ValueError("empty sandbox command")
    return list(program), None


def _tool(name: str, package: str, settings: SandboxSettings) -> str:
    found = shutil.which(name)
    if found is None:
        off = "" if settings.isolation == "off" else ", or set GA_SANDBOX_ISOLATION=off"
        raise SandboxUnavailableError(
            f"the sandbox needs {name!r}, which is not installed: install {package}{off}"
        )
    return found


async def _check_isolation(bwrap: str, workdir: Path) -> None:
    if bwrap in _isolating:
        return
    probe = await asyncio.create_subprocess_exec(
        *bwrap_argv(bwrap, workdir, (), {}, tmp_bytes=1024 * 1024),
        "true",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await probe.communicate()
    if probe.returncode != 0:
        why = err.decode(errors="replace").strip()[:500]
        raise SandboxUnavailableError(
            f"bubblewrap cannot isolate here ({why}): allow user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1, or the AppArmor profile for bwrap on "
            "Ubuntu), or set GA_SANDBOX_ISOLATION=off to run without isolation"
        )
    _isolating.add(bwrap)


async def _run(
    argv: list[str],
    stdin: bytes | None,
    workdir: Path,
    env: Mapping[str, str],
    limits: SandboxLimits,
) -> SandboxResult:
    started = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=workdir,
        env=dict(env),
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    out, err = BoundedOutput(limits.output_bytes), BoundedOutput(limits.output_bytes)
    io = asyncio.gather(_feed(proc.stdin, stdin), out.drain(proc.stdout), err.drain(proc.stderr))
    wall = False
    try:
        try:
            await asyncio.wait_for(proc.wait(), limits.wall_s)
        except TimeoutError:
            wall = True
    finally:
        _kill_group(proc.pid)
        await proc.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(io, _DRAIN_AFTER_EXIT_S)
    code = proc.returncode
    assert code is not None
    exit_code = 128 - code if code < 0 else code
    killed_for = _killed_for(wall, exit_code, err.text())
    return SandboxResult(
        exit_code=exit_code,
        stdout=out.text(),
        stderr=err.text(),
        timed_out=killed_for in ("wall_time", "cpu_time"),
        killed_for=killed_for,
        duration_s=time.monotonic() - started,
        trimmed=out.trimmed or err.trimmed,
    )


async def _feed(pipe: asyncio.StreamWriter | None, data: bytes | None) -> None:
    if pipe is None or data is None:
        return
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        pipe.write(data)
        await pipe.drain()
        pipe.close()
        await pipe.wait_closed()


def _kill_group(pgid: int) -> None:
    """SIGKILL every process of the run (bubblewrap's PID namespace dies with its leader)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _killed_for(wall: bool, exit_code: int, stderr: str) -> KilledFor | None:
    if wall:
        return "wall_time"
    if exit_code == 128 + signal.SIGXCPU:
        return "cpu_time"
    if exit_code != 0 and any(sign in stderr for sign in _MEMORY_SIGNS):
        return "memory"
    return None
