"""``SandboxSettings`` (``GA_SANDBOX_*``): the isolation switch, tool paths, default limits."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge_sources.workbench.sandbox_limits import SandboxLimits


class SandboxSettings(BaseSettings):
    """``GA_SANDBOX_ISOLATION``, ``GA_SANDBOX_BWRAP``, ``GA_SANDBOX_CPU_S`` and friends."""

    model_config = SettingsConfigDict(env_prefix="GA_SANDBOX_", extra="ignore")

    isolation: Literal["bubblewrap", "off"] = Field(
        default="bubblewrap",
        description="bubblewrap = no network, only the work directory writable; off = run "
        "without isolation (limits still apply; logged as a warning on every run).",
    )
    bwrap: str = Field(default="bwrap", description="The bubblewrap binary (name or path).")
    prlimit: str = Field(default="prlimit", description="util-linux prlimit (name or path).")
    python: str = Field(
        default="python3",
        description="The interpreter that runs Python source (looked up on the sandbox's PATH, "
        "/usr/local/bin:/usr/bin:/bin).",
    )
    cpu_s: int = Field(default=30, gt=0, description="CPU seconds per run (RLIMIT_CPU).")
    wall_s: float = Field(default=60.0, gt=0, description="Wall-clock seconds per run.")
    memory_mb: int = Field(default=512, gt=0, description="Address space per process, MiB.")
    output_kb: int = Field(default=64, gt=0, description="KiB kept of stdout and of stderr.")
    file_mb: int = Field(default=64, gt=0, description="Largest file a run may write, MiB.")

    def limits(self) -> SandboxLimits:
        """The default limits of a run, from these settings."""
        return SandboxLimits(
            cpu_s=self.cpu_s,
            wall_s=self.wall_s,
            memory_bytes=self.memory_mb * 1024 * 1024,
            output_bytes=self.output_kb * 1024,
            file_bytes=self.file_mb * 1024 * 1024,
        )
