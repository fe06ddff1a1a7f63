"""Loop guards: two agents that wake each other stop at the chain-depth limit.

Its own module (own board): only one control loop may follow a board at a time.
"""

from __future__ import annotations

from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.models.scripted import ScriptedModel
from tests.api_client import api
from tests.team_helpers import scalar, soul, wait_for


async def test_loop_guard_stops_ping_pong(board: Board) -> None:
    ping = soul("ping", ["question", "contribution"])
    pong = soul("pong", ["contribution"])
    team = Team(
        board,
        {"ping": ping, "pong": pong},
        model_for=lambda _: ScriptedModel(strict=False),
        settings=ControlSettings(max_depth=3, sweep_s=1),
    )
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            question = (
                await client.post(
                    "/entries",
                    json={"kind": "question", "title": "ping pong?", "tags": ["pingpong"]},
                )
            ).json()

        async def quiet() -> bool:
            busy = await scalar(
                board,
                "SELECT count(*) FROM tasks WHERE agent IN "
                "('ping','pong') AND status IN ('pending','queued','active')",
            )
            made = await scalar(
                board,
                "SELECT count(*) FROM entries WHERE kind='contribution' "
                "AND author IN ('ping','pong')",
            )
            return busy == 0 and made == 4

        await wait_for(quiet, limit_s=60, what="the ping-pong to stop")
    finally:
        await team.stop()
    depths = await scalar(
        board,
        "SELECT array_agg((metadata->>'depth')::int ORDER BY id) "
        "FROM entries WHERE kind='contribution' AND author IN ('ping','pong')",
    )
    assert depths == [1, 2, 3, 4]
    assert question["id"]
