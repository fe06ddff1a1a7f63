"""Without isolation the sandbox refuses to run, unless the operator turned isolation off."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from knowledge_sources.workbench.sandbox import PythonSource, SandboxUnavailableError, run_sandboxed
from knowledge_sources.workbench.sandbox_checks import SandboxCheckRunner
from knowledge_sources.workbench.sandbox_limits import SandboxLimits
from knowledge_sources.workbench.sandbox_settings import SandboxSettings


async def test_refuses_when_bubblewrap_is_missing(tmp_path: Path) -> None:
    settings = SandboxSettings(isolation="bubblewrap", bwrap=str(tmp_path / "no-such-bwrap"))
    with pytest.raises(SandboxUnavailableError) as refused:
        await run_sandboxed(["touch", "ran"], workdir=tmp_path, settings=settings)
    assert "install bubblewrap" in str(refused.value)
    assert "GA_SANDBOX_ISOLATION=off" in str(refused.value)
    assert not (tmp_path / "ran").exists()


async def test_isolation_off_runs_loudly_and_keeps_the_limits(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = SandboxSettings(isolation="off", bwrap=str(tmp_path / "no-such-bwrap"))
    with caplog.at_level(logging.WARNING):
        ran = await run_sandboxed(["touch", "ran"], workdir=tmp_path, settings=settings)
    assert ran.exit_code == 0 and (tmp_path / "ran").exists()
    assert "isolation is OFF" in caplog.text
    limits = SandboxLimits(memory_bytes=128 * 1024 * 1024)
    big = await run_sandboxed(
        PythonSource("b = bytearray(400 * 2**20)"),
        workdir=tmp_path,
        settings=settings,
        limits=limits,
    )
    assert big.killed_for == "memory"


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GA_SANDBOX_ISOLATION", "off")
    monkeypatch.setenv("GA_SANDBOX_MEMORY_MB", "256")
    monkeypatch.setenv("GA_SANDBOX_WALL_S", "5")
    settings = SandboxSettings()
    assert settings.isolation == "off"
    assert settings.limits().memory_bytes == 256 * 2**20
    assert settings.limits().wall_s == 5.0


async def test_without_isolation_the_check_does_not_run(tmp_path: Path) -> None:
    runner = SandboxCheckRunner(SandboxSettings(isolation="bubblewrap", bwrap="/nonexistent/bwrap"))
    outcome = await runner.run(["python3", "-c", "print('ran')"], tmp_path, 30)
    assert outcome.exit_code is None and not outcome.passed
    assert outcome.output.startswith("the check did not run: ") and "ran\n" not in outcome.output
