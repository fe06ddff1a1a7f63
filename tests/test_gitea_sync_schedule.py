"""The periodic Gitea sync of ``up``: the first round (a full sync) runs at start."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models import Entry
from blackboard.runtime import Board
from ingest.gitea.mirror.schedule import gitea_sync_service
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea
from tests.team_helpers import wait_for

pytestmark = [pytest.mark.usefixtures("no_violations")]


async def test_the_sync_service_mirrors_gitea_while_it_runs(
    board: Board,
    standin: StandinGitea,  # noqa: F811
) -> None:
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "tracker")
    seed.add_issue(standin, repo, "Scheduled sync finds me")

    async def mirrored() -> bool:
        async with board.sessions() as session:
            found = await session.scalar(
                select(Entry.id).where(Entry.title == "Scheduled sync finds me")
            )
        return found is not None

    async with gitea_sync_service(board, settings_for(standin, sync_interval=3600)):
        await wait_for(mirrored, limit_s=30, what="the first sync round")


async def test_the_sync_service_is_off_without_gitea(
    board: Board, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ingest.gitea")
    async with gitea_sync_service(board, GiteaSettings(token=None, allow=[])):
        pass
    assert "gitea sync off" in caplog.text
