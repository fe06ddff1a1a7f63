"""The command line of a sandboxed run: ``prlimit`` (the rlimits) around ``bwrap`` (the isolation).

bubblewrap gives the run new user, PID, network, IPC, UTS and cgroup namespaces (so no network
at all, not even loopback of the host), drops every capability, and mounts only the system's
program folders read-only, a private ``/tmp``, ``/proc``, a minimal ``/dev``, the folders the
caller names read-only, and the work directory read-write at its own path. The environment is
cleared; nothing of the team's (tokens, database URL) reaches the run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from knowledge_sources.workbench.sandbox_limits import SandboxLimits

SYSTEM_DIRS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
"""Top-level program folders: bound read-only, or recreated as links where they are links."""

SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime")
"""The few files of ``/etc`` programs need; the rest of ``/etc`` stays out."""

PRIVATE_TMP = "/tmp"  # noqa: S108 - a fresh, empty tmpfs inside the sandbox, not the host's

BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


def prlimit_argv(prlimit: str, limits: SandboxLimits) -> list[str]:
    """``prlimit`` with the run's rlimits (inherited by every process it starts), then ``--``."""
    return [
        prlimit,
        f"--cpu={limits.cpu_s}:{limits.cpu_s + 1}",
        f"--as={limits.memory_bytes}",
        f"--fsize={limits.file_bytes}",
        "--core=0",
        "--",
    ]


def bwrap_argv(
    bwrap: str, workdir: Path, readable: Sequence[Path], env: Mapping[str, str], tmp_bytes: int
) -> list[str]:
    """``bwrap`` and its options, ending with ``--``; the program to run follows.

    The private ``/tmp`` holds at most ``tmp_bytes``.
    """
    argv = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    argv += ["--ro-bind", "/usr", "/usr"]
    for folder in SYSTEM_DIRS:
        if os.path.islink(folder):
            argv += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            argv += ["--ro-bind", folder, folder]
    for path in SYSTEM_FILES:
        argv += ["--ro-bind-try", path, path]
    argv += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_bytes), "--tmpfs", PRIVATE_TMP]
    for folder_path in readable:
        argv += ["--ro-bind", str(folder_path), str(folder_path)]
    argv += ["--bind", str(workdir), str(workdir), "--remount-ro", "/"]
    argv += ["--chdir", str(workdir), "--clearenv"]
    for name, value in sandbox_env(workdir, env).items():
        argv += ["--setenv", name, value]
    return [*argv, "--"]


def sandbox_env(workdir: Path, env: Mapping[str, str]) -> dict[str, str]:
    """A run's whole environment: a fixed base, ``HOME`` at the work directory, the caller's."""
    return {**BASE_ENV, "HOME": str(workdir), "TMPDIR": PRIVATE_TMP, **env}
