"""The repository's checks the coder's gate runs: named in ``pyproject.toml``, or the tools it
configures when the sandbox has them; malformed tables refused; and without isolation a check
does not run, so the gate fails with the sandbox's reason instead of passing unchecked."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_sources.coder import repo_checks
from knowledge_sources.coder.repo_checks import ChecksError, repository_checks, repository_gate
from knowledge_sources.workbench.sandbox_settings import SandboxSettings
from knowledge_sources.workbench.workspace import Workspace


def _pyproject(root: Path, text: str) -> Path:
    (root / "pyproject.toml").write_text(text)
    return root


def test_checks_the_repository_names_run_in_its_order(tmp_path: Path) -> None:
    root = _pyproject(
        tmp_path,
        '[tool.ruff]\n[tool.gitea-assistants.checks]\nlint = "ruff check {files}"\n'
        "tests = \"python3 -m unittest -q -k 'add numbers'\"\n",
    )
    checks = repository_checks(root)
    assert [(c.name, c.argv) for c in checks] == [
        ("lint", ["ruff", "check", "{files}"]),
        ("tests", ["python3", "-m", "unittest", "-q", "-k", "add numbers"]),
    ]


def test_configured_tools_run_only_where_the_sandbox_finds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "mypy").write_text("#!/bin/sh\n")
    (tools / "mypy").chmod(0o755)
    monkeypatch.setattr(repo_checks, "SANDBOX_PATH", str(tools))
    root = _pyproject(tmp_path, "[tool.mypy]\nstrict = true\n[tool.ruff]\n")
    assert [c.argv for c in repository_checks(root)] == [["mypy", "{files}"]]
    assert repository_checks(tmp_path / "bin") == []  # no pyproject.toml: parse check only


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tool.gitea-assistants]\nchecks = ["ruff"]\n', "must map a check's name"),
        ('[tool.gitea-assistants.checks]\nnothing = ""\n', "'nothing' .* is empty"),
        ("[tool.ruff\n", "does not parse"),
    ],
)
def test_a_malformed_checks_table_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ChecksError, match=message):
        repository_checks(_pyproject(tmp_path, text))


async def test_without_isolation_the_gate_fails_and_names_the_fix(tmp_path: Path) -> None:
    root = _pyproject(tmp_path, '[tool.gitea-assistants.checks]\nok = "true"\n')
    missing = SandboxSettings(isolation="bubblewrap", bwrap=str(tmp_path / "no-bwrap"))
    result = await repository_gate(root, missing).check(Workspace(root), ["pyproject.toml"])
    assert not result.passed and result.stage == "checks"
    assert "check 'ok' failed" in result.report and "the check did not run" in result.report
    assert "GA_SANDBOX_ISOLATION=off" in result.report
