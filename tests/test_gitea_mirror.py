"""The mirror against the stand-in: full sync, unchanged sync, incremental sync after edits."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import func, select, text

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.models import Entry
from blackboard.runtime import Board
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.sync import Mirror
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.world import SIZES, World, build

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="module")
def world(standin: StandinGitea) -> World:  # noqa: F811
    return build(standin)


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def api(world: World) -> AsyncIterator[GiteaAPI]:
    client = GiteaClient(settings_for(world.server))
    yield GiteaAPI(client)
    await client.aclose()


async def _events(board: Board) -> int:
    async with board.sessions() as session:
        return int((await session.execute(text("SELECT count(*) FROM board_events"))).scalar_one())


async def _kinds(board: Board) -> Counter[str]:
    async with board.sessions() as session:
        rows = await session.execute(
            select(Entry.kind, func.count()).where(Entry.status != "gone").group_by(Entry.kind)
        )
        return Counter({kind: n for kind, n in rows})


async def _sync(board: Board, api: GiteaAPI, world: World, full: bool = False) -> SyncReport:
    return await Mirror(board, api, settings_for(world.server)).run(full=full)


FULL: dict[str, SyncReport] = {}


async def test_full_sync_mirrors_every_allowed_object(
    board: Board, api: GiteaAPI, world: World
) -> None:
    report = await _sync(board, api, world)
    FULL["report"] = report
    assert report.mode == "incremental" and sorted(report.repos) == sorted(world.repos)
    kinds = await _kinds(board)
    issues = sum(i for i, _, _, _ in SIZES.values())
    pulls = sum(p for _, p, _, _ in SIZES.values())
    comments = sum(
        len(r.comments) for r in world.server.state.repos.values() if r.full_name in world.repos
    )
    assert kinds["gitea_repo"] == 3
    assert kinds["gitea_issue"] == issues > 50
    assert kinds["gitea_pull"] == pulls
    assert kinds["gitea_comment"] == comments
    assert kinds["gitea_wiki_page"] == sum(w for _, _, w, _ in SIZES.values())
    # every documentation file, and the one source file (src/main.py) of each repository
    assert kinds["gitea_file"] == sum(d for _, _, _, d in SIZES.values()) + len(SIZES)
    assert kinds["gitea_label"] == 6 and kinds["gitea_milestone"] == 3
    async with board.sessions() as session:
        closed = await session.scalar(
            select(func.count()).where(Entry.kind == "gitea_issue", Entry.status == "closed")
        )
        pull = await session.scalar(select(Entry).where(Entry.kind == "gitea_pull").limit(1))
        secret = await session.scalar(
            select(func.count()).where(Entry.source_uri.contains("/other/"))
        )
    expected_closed = sum(
        1
        for r in world.server.state.repos.values()
        for i in r.issues.values()
        if r.full_name in world.repos and i.pull is None and i.state == "closed"
    )
    assert closed == expected_closed
    assert pull is not None and pull.meta["files"] and "## Reviews" in pull.body
    assert secret == 0


async def test_unchanged_sync_is_cheap_and_writes_nothing(
    board: Board, api: GiteaAPI, world: World
) -> None:
    before = await _events(board)
    report = await _sync(board, api, world)
    assert report.writes == 0
    assert await _events(board) == before
    full = FULL["report"].requests
    assert report.requests <= 0.05 * full, (report.requests, full)


async def test_incremental_sync_picks_up_exactly_the_changes(
    board: Board, api: GiteaAPI, world: World
) -> None:
    server = world.server
    await api.edit_issue("acme", "site", 3, title="site issue 3 (renamed)")
    await api.edit_issue("acme", "tools", 2, state="closed")
    await api.create_comment("acme", "notes", 1, "A new human comment")
    await api.create_issue("acme", "site", "A brand new issue", "Fresh body")
    await api.edit_wiki_page("acme", "tools", "Page-1", "Page 1", "# Page 1\n\nRewritten.")
    site = server.state.repo("acme", "site")
    assert site is not None
    seed.add_files(server, site, {"docs/topic-0.md": "# Topic 0\n\nChanged text.\n"})
    report = await _sync(board, api, world)
    assert dict(report.created) == {"gitea_issue": 1, "gitea_comment": 1}
    assert dict(report.updated) == {
        "gitea_issue": 3,
        "gitea_wiki_page": 1,
        "gitea_file": 1,
        "gitea_repo": 3,
    }
    assert dict(report.gone) == {}
    async with board.sessions() as session:
        renamed = await session.scalar(
            select(Entry).where(Entry.source_uri == f"{server.url}/acme/site/issues/3")
        )
        closed = await session.scalar(
            select(Entry).where(Entry.source_uri == f"{server.url}/acme/tools/issues/2")
        )
    assert renamed is not None and renamed.title == "site issue 3 (renamed)"
    assert closed is not None and closed.status == "closed"
    again = await _sync(board, api, world)
    assert again.writes == 0


async def test_deleted_objects_become_gone(board: Board, api: GiteaAPI, world: World) -> None:
    server = world.server
    await api.client.call("repoDeleteWikiPage", owner="acme", repo="notes", pageName="Page-0")
    report = await _sync(board, api, world)
    assert dict(report.gone) == {"gitea_wiki_page": 1}
    notes = server.state.repo("acme", "notes")
    assert notes is not None
    doomed = notes.issues.pop(2)
    for comment_id in [c.id for c in notes.comments.values() if c.issue == doomed.number]:
        del notes.comments[comment_id]
    full = await _sync(board, api, world, full=True)
    assert full.gone["gitea_issue"] == 1 and full.gone["gitea_comment"] >= 1
    assert sum(full.created.values()) == 0
    async with board.sessions() as session:
        entry = await session.scalar(
            select(Entry).where(Entry.source_uri == f"{server.url}/acme/notes/issues/2")
        )
    assert entry is not None and entry.status == "gone"
