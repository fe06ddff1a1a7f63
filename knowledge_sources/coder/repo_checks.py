"""The repository's own checks for the gate, and the runner they run in.

A repository names its checks in ``pyproject.toml``::

    [tool.gitea-assistants.checks]
    lint = "ruff check {files}"
    tests = "python3 -m unittest -q"

Without that table, the tools its ``pyproject.toml`` configures (``[tool.ruff]``,
``[tool.mypy]``, ``[tool.pytest.ini_options]``) are run when the sandbox can find them on its
``PATH``. The checks always run in the sandbox (``SandboxCheckRunner``): without isolation a
check does not run and the gate fails with the sandbox's reason and fix, so nothing is
committed over checks that never ran.
"""

from __future__ import annotations

import shlex
import shutil
import tomllib
from pathlib import Path
from typing import Any

from knowledge_sources.workbench.checks import CheckCommand
from knowledge_sources.workbench.gate import Gate
from knowledge_sources.workbench.sandbox_checks import SandboxCheckRunner
from knowledge_sources.workbench.sandbox_settings import SandboxSettings

SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
"""Where the sandbox looks for commands (``sandbox_argv.sandbox_env``)."""
CONFIGURED_TOOLS = {
    "ruff": ["ruff", "check", "{files}"],
    "mypy": ["mypy", "{files}"],
    "pytest": ["pytest", "-q"],
}


class ChecksError(ValueError):
    """The repository's ``[tool.gitea-assistants.checks]`` table is malformed."""


def repository_checks(root: Path) -> list[CheckCommand]:
    """The checks ``root``'s ``pyproject.toml`` names or configures tools for (none: no file)."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return []
    try:
        tool: dict[str, Any] = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ChecksError(f"pyproject.toml does not parse ({exc}); fix it first") from None
    named = (tool.get("gitea-assistants") or {}).get("checks")
    if named is not None:
        return _named(named)
    configured = {"ruff": "ruff" in tool, "mypy": "mypy" in tool}
    configured["pytest"] = "ini_options" in (tool.get("pytest") or {})
    return [
        CheckCommand(name=name, argv=argv)
        for name, argv in CONFIGURED_TOOLS.items()
        if configured[name] and shutil.which(argv[0], path=SANDBOX_PATH)
    ]


def _named(table: object) -> list[CheckCommand]:
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ChecksError(
            "[tool.gitea-assistants.checks] must map a check's name to its command line, "
            'e.g. tests = "python3 -m unittest -q"'
        )
    checks = []
    for name, command in table.items():
        argv = shlex.split(command)
        if not argv:
            raise ChecksError(f"check {name!r} in [tool.gitea-assistants.checks] is empty")
        checks.append(CheckCommand(name=str(name), argv=argv))
    return checks


def repository_gate(root: Path, sandbox: SandboxSettings) -> Gate:
    """The gate for a checkout: parse, then the repository's checks in the sandbox."""
    return Gate(checks=repository_checks(root), runner=SandboxCheckRunner(sandbox))
