"""Model time per task: the worker records the seconds a task's model spent thinking
(``result.model_s``), and a soul's schedule stops once its tasks used its daily model seconds.
Real board and team, the scripted model answering slowly."""

from __future__ import annotations

import time

from sqlalchemy import select

from blackboard.models import Task
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.scans.runner import run_scans
from controllers.control.settings import ControlSettings
from knowledge_sources.generalist import NOTHING
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from tests.schedule_helpers import add_entry, scheduled
from tests.team_helpers import soul, wait_for

THINK_S = 0.3


def slow_nothing(call: ScriptedCall) -> str:
    """The generalist's choice, after thinking for ``THINK_S`` seconds."""
    time.sleep(THINK_S)
    return NOTHING


async def test_model_seconds_are_recorded_and_spend_the_daily_budget(fresh_board: Board) -> None:
    board = fresh_board
    model = ScriptedModel("slow", strict=True)
    model.script("choose", slow_nothing).script("generate", "Nothing to add here.")
    decider = soul("decider", ["goal"], ["planning work"])
    team = Team(
        board, {"decider": decider}, model_for=lambda _: model, settings=ControlSettings(sweep_s=1)
    )
    await team.start()
    await team.control.ready.wait()
    try:
        goal = await add_entry(board, "goal", "Plan the release")

        async def done() -> Task | None:
            async with board.sessions() as session:
                task: Task | None = await session.scalar(
                    select(Task).where(Task.entry_id == goal.id, Task.status == "done")
                )
            return task

        async def finished() -> bool:
            return await done() is not None

        await wait_for(finished, limit_s=60, what="the decider's task")
    finally:
        await team.stop()
    task = await done()
    assert task is not None
    assert THINK_S <= task.result["model_s"] < THINK_S + 5

    await add_entry(board, "goal", "Another goal")
    tight = scheduled(decider, cron="0 * * * *", scans=["goals_without_plan"], daily_model_s=0.2)
    report = await run_scans(board, tight, {"decider": tight}, ControlSettings())
    assert report.count == 0
    assert report.refused is not None and "daily budget of 0.2 model seconds" in report.refused
    roomy = scheduled(decider, cron="0 * * * *", scans=["goals_without_plan"], daily_model_s=60)
    assert (await run_scans(board, roomy, {"decider": roomy}, ControlSettings())).count == 1
