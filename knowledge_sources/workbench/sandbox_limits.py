"""``SandboxLimits``: the CPU, wall-clock time, memory, output and file size one run may use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxLimits:
    """The limits of one sandboxed run; every one is enforced, none is advisory.

    ``cpu_s`` and ``memory_bytes`` and ``file_bytes`` are kernel rlimits (``RLIMIT_CPU``,
    ``RLIMIT_AS``, ``RLIMIT_FSIZE``) on every process of the run; ``wall_s`` is a timer that kills
    the whole run; ``output_bytes`` bounds what is kept of stdout and of stderr (head and tail);
    ``file_bytes`` is also the size of the run's private ``/tmp``.
    """

    cpu_s: int = 30
    wall_s: float = 60.0
    memory_bytes: int = 512 * 1024 * 1024
    output_bytes: int = 64 * 1024
    file_bytes: int = 64 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("cpu_s", "wall_s", "memory_bytes", "output_bytes", "file_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"sandbox limit {name} must be positive")
