"""An agent hands work to a named teammate: the new task lands on that teammate's own queue."""

from __future__ import annotations

from sqlalchemy import text

from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.generalist import HAND_OFF
from knowledge_sources.models.scripted import ScriptedModel
from tests.api_client import api
from tests.team_helpers import scalar, soul, wait_for


async def test_hand_off_lands_on_the_teammates_queue(board: Board) -> None:
    triager = soul("triager", ["gitea_issue"], ["labelling issues"])
    planner = soul("planner", ["goal"], ["planning work"])
    model = ScriptedModel(strict=True)
    model.script("choose", HAND_OFF, "planner")
    team = Team(
        board,
        {"triager": triager, "planner": planner},
        model_for=lambda s: model if s.name == "triager" else ScriptedModel(),
        settings=ControlSettings(sweep_s=1),
    )
    # only the triager works; the planner's task must wait on the planner's own queue
    team.sources = {"triager": team.sources["triager"]}
    await team.start()
    try:
        async with api(board) as client:
            issue = (
                await client.post(
                    "/entries", json={"kind": "gitea_issue", "title": "Plan the 2.0 release"}
                )
            ).json()

        async def handed() -> bool:
            return (
                await scalar(
                    board,
                    "SELECT count(*) FROM tasks WHERE agent = 'planner' AND status = 'queued'",
                )
                == 1
            )

        await wait_for(handed, limit_s=30, what="the planner's task")
    finally:
        await team.stop()
    async with board.sessions() as session:
        row = (
            await session.execute(
                text(
                    "SELECT t.id, t.entry_id, t.created_by, t.depth, j.queue, j.status "
                    "FROM tasks t "
                    "JOIN saq_jobs j ON j.key = 'planner:task:' || t.id WHERE t.agent = 'planner'"
                )
            )
        ).one()
    assert row.entry_id == issue["id"]
    assert row.created_by == "triager"
    assert row.depth == 1
    assert (row.queue, row.status) == ("planner", "queued")
    assert [c.face for c in model.calls] == ["choose", "choose"]
    assert model.calls[1].choices == ("planner",)
