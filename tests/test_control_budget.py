"""Every task counts against its goal's budget, whoever creates it (issue 16, hole 10): agents
that hand work to each other stop at the budget, and so does a task posted through the API.

Its own module (own board): only one control loop may follow a board at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.models import Entry
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.contributions import Contribution, NewTask
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context
from tests.api_client import api
from tests.team_helpers import scalar, soul, wait_for

SOULS = {"alpha": soul("alpha", ["goal"]), "beta": soul("beta", ["goal"])}


@dataclass
class Spawner:
    """A knowledge source that hands three tasks to its teammates every time it runs."""

    soul: Soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        others = [name for name in context.teammates if name != self.soul.name]
        return [
            NewTask(reason=f"more work {n}", entry_id=entry.id if entry else None, agent=others[0])
            for n in range(3)
        ]


async def test_tasks_agents_create_count_against_the_goal_budget(board: Board) -> None:
    team = Team(
        board,
        SOULS,
        model_for=lambda _: ScriptedModel(strict=False),
        overrides={"alpha": Spawner, "beta": Spawner},
        settings=ControlSettings(goal_budget=5, max_depth=2, sweep_s=1),
    )
    await team.start()
    await team.control.ready.wait()
    try:
        async with api(board) as client:
            goal = (await client.post("/entries", json={"kind": "goal", "title": "Grow"})).json()

            async def quiet() -> bool:
                started = await scalar(
                    board, "SELECT count(*) FROM tasks WHERE goal_id = :g", g=goal["id"]
                )
                busy = await scalar(
                    board,
                    "SELECT count(*) FROM tasks WHERE status IN ('pending','queued','active')",
                )
                return started != 0 and busy == 0

            await wait_for(quiet, limit_s=90, what="the agents to stop handing work on")
            spawned = await scalar(
                board, "SELECT count(*) FROM tasks WHERE goal_id = :g", g=goal["id"]
            )
            refused = await scalar(
                board,
                "SELECT count(*) FROM tasks WHERE goal_id = :g AND result ? 'refused'",
                g=goal["id"],
            )
            assert spawned == 5
            assert refused  # the reason is on the tasks that tried

            late = (
                await client.post(
                    "/tasks",
                    json={"agent": "alpha", "entry_id": goal["id"], "goal_id": goal["id"]},
                )
            ).json()

            async def cancelled() -> bool:
                task = (await client.get(f"/tasks/{late['id']}")).json()
                return bool(task["status"] == "cancelled")

            await wait_for(cancelled, what="the task over the budget to be cancelled")
            task = (await client.get(f"/tasks/{late['id']}")).json()
            assert "goal budget of 5 tasks is spent" in task["error"]
    finally:
        await team.stop()
