"""README.md's "Use" section, followed step by step on a fresh data directory.

The commands are read out of the section's code blocks (so the test breaks when the README
drifts) and run as a person would, from the repository root, against a real ``up`` on a free
port (the scripted model, the hashing embedder): ``ingest docs/``, then ``ask --wait`` must print
a note that cites one of the ingested documents, and every other command of the first block
must work. The Gitea block's ``export`` lines must name the settings the code reads; its
commands (``sync``, ``gitea hooks install``) then run against the stand-in Gitea with those
variables pointed at it. The last block (migrations, benchmarks) is not run here.
"""

from __future__ import annotations

import json
import re
import shlex
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_runner import SCRIPT, cli_env, free_port, run_cli, start_up, wait_healthy
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import WEBHOOK_SECRET, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ".venv/bin/gitea-assistants"
GITEA_VARIABLES = {
    "GA_GITEA_URL",
    "GA_GITEA_TOKEN",
    "GA_GITEA_ALLOW",
    "GA_GITEA_WEBHOOK_URL",
    "GA_GITEA_WEBHOOK_SECRET",
}


def use_section_blocks() -> list[list[str]]:
    """The ``bash`` code blocks of README.md's "## Use" section, as lists of command lines."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    return [[line for line in block.splitlines() if line.strip()] for block in blocks]


def _command(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    assert words[0] == PROGRAM, f"README command does not start with {PROGRAM}: {line}"
    return words[1:]


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "site")
    seed.add_files(standin, repo, {"README.md": "# site\n"})
    seed.add_issue(standin, repo, "The deployment guide is out of date")
    return standin


@pytest.fixture
def up(tmp_path: Path, gitea: StandinGitea) -> Iterator[tuple[str, dict[str, str]]]:
    """``up`` on a free port, a fresh data directory, connected to the stand-in Gitea (no
    periodic sync: the README's ``sync`` does it)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = cli_env(
        GA_DATA_DIR=str(tmp_path / "data"),
        GA_EMBEDDER="hashing",
        GA_MODEL_PROVIDER="scripted",
        GA_GITEA_URL=gitea.url,
        GA_GITEA_TOKEN=gitea.token,
        GA_GITEA_ALLOW="acme",
        GA_GITEA_WEBHOOK_URL=f"{base}/gitea/webhook",
        GA_GITEA_WEBHOOK_SECRET=WEBHOOK_SECRET,
        GA_GITEA_SYNC_INTERVAL="0",
    )
    process = start_up("--port", str(port), env=env, cwd=ROOT)
    try:
        wait_healthy(base, process)
        yield base, env
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=90)
    assert process.returncode == 0, err
    assert "stopped cleanly" in out


def _run(line: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [SCRIPT, *_command(line)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    return done


def test_the_readme_use_section_works_as_written(
    up: tuple[str, dict[str, str]], gitea: StandinGitea
) -> None:
    base, env = up
    first, connect, _maintenance = use_section_blocks()
    commands = [_command(line)[0] for line in first]
    assert commands[:2] == ["ingest", "ask"], "the Use section starts with ingest, then ask"

    outputs = {}
    for line in first:
        outputs[_command(line)[0]] = _run(line, env)

    on_board = run_cli("board", "--kind", "document", "--limit", "500", "--json", env=env)
    stored = {Path(e["source_uri"]).name for e in json.loads(on_board.stdout)}
    assert stored == {p.name for p in (ROOT / "docs").glob("*.md")}
    asked = outputs["ask"]
    assert re.search(r"research note \d+ published", asked.stderr), asked.stderr
    assert "## Sources" in asked.stdout
    cited = re.findall(r"`(file://\S*/docs/[\w.-]+\.md)\S*`", asked.stdout)
    assert cited, f"the note cites no ingested document:\n{asked.stdout}"
    assert all((ROOT / "docs" / uri.rsplit("/", 1)[1]).exists() for uri in cited)
    assert re.search(r'goal \d+ posted: "Document the deployment"', outputs["post"].stderr)
    assert f"{base}/ui/entries/" in outputs["post"].stderr

    exports = [line for line in connect if line.startswith("export ")]
    named = {w.split("=", 1)[0] for line in exports for w in shlex.split(line, comments=True)[1:]}
    assert named == GITEA_VARIABLES
    for line in connect[len(exports) :]:
        _run(line, env)
    issues = json.loads(run_cli("board", "--kind", "gitea_issue", "--json", env=env).stdout)
    assert [i["title"] for i in issues] == ["The deployment guide is out of date"]
    repo = gitea.state.repo("acme", "site")
    assert repo is not None and len(repo.hooks) == 1
    assert next(iter(repo.hooks.values())).url == f"{base}/gitea/webhook"
