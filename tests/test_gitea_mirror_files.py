"""The mirror's repository files against the stand-in: source code with its language, the repo's
own ``.gitignore`` rules, the size limit, binary files, incremental by blob sha; a file read at
a pull request's head."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import select

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Entry
from blackboard.runtime import Board
from ingest.gitea.mirror.files import TreeIgnore, skip_before_reading
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.sync import Mirror
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.state import Repo

pytestmark = pytest.mark.asyncio(loop_scope="session")
LIMIT = 2048
FILES: dict[str, str | bytes | None] = {
    "README.md": "# code\n\nWhat this is.\n",
    "src/app.py": "def main() -> None:\n    print('app')\n",
    "src/util.go": "package util\n\nfunc Two() int { return 2 }\n",
    "src/big.py": "x = 1\n" * 1000,
    ".gitignore": "build/\n*.log\n!keep.log\n",
    "build/generated.py": "GENERATED = True\n",
    "debug.log": "noise\n",
    "keep.log": "kept on purpose\n",
    "sub/.gitignore": "*.tmp\n",
    "sub/scratch.tmp": "scratch\n",
    "sub/query.sql": "SELECT 1;\n",
    "node_modules/dep/index.js": "module.exports = 1;\n",
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
    "blob": b"\x00\x01\x02 binary without a telling name",
}
MIRRORED = {
    "README.md",
    "src/app.py",
    "src/util.go",
    ".gitignore",
    "keep.log",
    "sub/.gitignore",
    "sub/query.sql",
}
SKIPPED = {
    "acme/code:src/big.py": "too large",
    "acme/code:build/generated.py": "ignored",
    "acme/code:debug.log": "ignored",
    "acme/code:sub/scratch.tmp": "ignored",
    "acme/code:node_modules/dep/index.js": "ignored",
    "acme/code:logo.png": "binary",
    "acme/code:blob": "binary",
}


@pytest.fixture(scope="module")
def repo(standin: StandinGitea) -> Repo:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "code", "Code to read")
    seed.add_files(standin, repo, FILES)
    return repo


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def api(standin: StandinGitea, repo: Repo) -> AsyncIterator[GiteaAPI]:  # noqa: F811
    client = GiteaClient(settings_for(standin))
    yield GiteaAPI(client)
    await client.aclose()


async def _sync(board: Board, api: GiteaAPI, server: StandinGitea, full: bool) -> SyncReport:
    settings = settings_for(server, max_file_bytes=LIMIT)
    return await Mirror(board, api, settings).run(full=full)


async def _files(board: Board) -> dict[str, Entry]:
    async with board.sessions() as session:
        rows = await session.scalars(
            select(Entry).where(Entry.kind == "gitea_file", Entry.status != "gone")
        )
        return {str(e.meta["path"]): e for e in rows}


def _raw_reads(server: StandinGitea, since: int) -> list[str]:
    return [
        path.rsplit("/raw/", 1)[1]
        for _method, path, op in server.requests[since:]
        if op == "repoGetRawFile"
    ]


async def test_source_files_are_mirrored_with_their_language_and_skips_say_why(
    board: Board,
    api: GiteaAPI,
    standin: StandinGitea,  # noqa: F811
) -> None:
    report = await _sync(board, api, standin, full=False)
    files = await _files(board)
    assert set(files) == MIRRORED
    assert report.skipped == SKIPPED
    assert report.as_dict()["skipped"] == {"too large": 1, "ignored": 4, "binary": 2}
    app = files["src/app.py"]
    assert app.body == FILES["src/app.py"]
    assert app.meta["language"] == "Python" and app.meta["role"] == "code"
    assert "code" in app.tags and "lang:Python" in app.tags
    assert files["src/util.go"].meta["language"] == "Go"
    assert files["sub/query.sql"].meta["language"] == "SQL"
    assert files["README.md"].meta["role"] == "doc" and "doc" in files["README.md"].tags


async def test_a_second_sync_reads_no_unchanged_file(
    board: Board,
    api: GiteaAPI,
    standin: StandinGitea,  # noqa: F811
) -> None:
    before = len(standin.requests)
    report = await _sync(board, api, standin, full=True)
    assert report.writes == 0
    assert report.unchanged["gitea_file"] == len(MIRRORED)
    assert sorted(_raw_reads(standin, before)) == [".gitignore", "sub/.gitignore"]


async def test_a_changed_file_is_read_again_and_a_removed_one_leaves_the_board(
    board: Board,
    api: GiteaAPI,
    standin: StandinGitea,  # noqa: F811
    repo: Repo,
) -> None:
    changed = "def main() -> None:\n    print('changed')\n"
    seed.add_files(standin, repo, {"src/app.py": changed, "src/util.go": None})
    before = len(standin.requests)
    report = await _sync(board, api, standin, full=False)
    assert sorted(_raw_reads(standin, before)) == [".gitignore", "src/app.py", "sub/.gitignore"]
    assert report.updated["gitea_file"] == 1 and report.gone["gitea_file"] == 1
    files = await _files(board)
    assert set(files) == MIRRORED - {"src/util.go"}
    assert files["src/app.py"].body == changed


async def test_a_file_is_read_at_a_pull_requests_head(
    api: GiteaAPI,
    standin: StandinGitea,  # noqa: F811
    repo: Repo,
) -> None:
    on_head = "def main() -> None:\n    print('from the pull request')\n"
    pull = seed.add_pull(standin, repo, "feature", "Change the app", {"src/app.py": on_head})
    assert pull.pull is not None
    assert await api.pull_files("acme", "code", pull.number) == ["src/app.py"]
    assert await api.pull_head_file("acme", "code", pull.number, "src/app.py") == on_head
    assert await api.raw_file("acme", "code", "src/app.py") != on_head
    head = str((await api.pull("acme", "code", pull.number))["head"]["sha"])
    before = len(standin.requests)
    text = await api.pull_head_file("acme", "code", pull.number, "src/app.py", head_sha=head)
    assert text == on_head
    assert [op for _m, _p, op in standin.requests[before:]] == ["repoGetContents"]


async def test_a_symbolic_link_is_not_followed() -> None:
    ignore = TreeIgnore({})
    assert skip_before_reading("docs/link.md", 12, "120000", LIMIT, ignore) == "symlink"
    assert skip_before_reading("docs/real.md", 12, "100644", LIMIT, ignore) is None
