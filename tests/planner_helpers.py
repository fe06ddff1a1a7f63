"""Helpers for the planner's tests: a small team (planner, coder, doc-writer), a scripted model
that plans a search goal in two steps (the second waits for the first), and board reads."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import TaskStatus
from blackboard.runtime import Board
from controllers.agents import Team
from controllers.control.settings import ControlSettings
from knowledge_sources.generalist import CONTRIBUTE
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel
from knowledge_sources.planner.planning import PLAN
from knowledge_sources.souls import Soul, load_souls
from tests.team_helpers import soul
from tests.triager_helpers import rows

INDEX_STEP = "Add a search index on note titles"
DOCS_STEP = "Document the search index for users"
DONE_MEANS = "Done when the change is merged and a test shows it works."


def answer_choice(call: ScriptedCall) -> str:
    """Index work to the coder, docs to the doc-writer; the docs wait for step 1; teammates
    working on a step write a contribution."""
    choices = call.choices or ()
    if CONTRIBUTE in choices:
        return CONTRIBUTE
    if PLAN in choices:
        return PLAN
    if "coder" in choices:
        return "doc-writer" if DOCS_STEP in call.prompt else "coder"
    if "none" in choices:
        return "1" if DOCS_STEP in call.prompt and "1" in choices else "none"
    raise AssertionError(f"unexpected choice {choices}")


def answer_text(call: ScriptedCall) -> str:
    """Two step titles (a bullet, a number: as models write them), a done-means sentence, and
    a teammate's short contribution."""
    if "step titles for this goal" in call.prompt:
        return f"- {INDEX_STEP}\n2. {DOCS_STEP}\n"
    if "what shows this step is done" in call.prompt:
        return f"{DONE_MEANS} Nothing else."
    return "Done: the work this step asked for is finished."


def planning_model() -> ScriptedModel:
    return (
        ScriptedModel()
        .script("choose", *[answer_choice] * 40)
        .script("generate", *[answer_text] * 40)
    )


def team_souls(planner: Soul | None = None) -> dict[str, Soul]:
    """The shipped planner (or ``planner``) and two teammates whose triggers would admit any
    task entry (the plan's assigned steps must still go only to their assignee); they work as
    the generalist (a short contribution), not as the shipped coder's behaviour of that name."""
    as_generalist = {"behaviours": ["generalist"]}
    coder = soul("coder", ["task"], skills=["writing code", "database indexes"])
    writer = soul("doc-writer", ["task"], skills=["writing user documentation"])
    return {
        "planner": planner or load_souls()["planner"],
        "coder": coder.model_copy(update=as_generalist),
        "doc-writer": writer.model_copy(update=as_generalist),
    }


@asynccontextmanager
async def running(
    board: Board,
    souls: dict[str, Soul],
    model: ScriptedModel,
    *,
    agents: Collection[str] | None = None,
    control: bool = True,
) -> AsyncIterator[Team]:
    """Part of the team (``agents``' workers, control or not) running for the block."""
    team = Team(
        board,
        souls,
        model_for=lambda _: model,
        settings=ControlSettings(sweep_s=1),
        run_control=control,
        agents=agents,
    )
    await team.start()
    try:
        yield team
    finally:
        await team.stop()


async def entry(board: Board, entry_id: int) -> Entry:
    async with board.sessions() as session:
        found = await session.get(Entry, entry_id)
    assert found is not None
    return found


def settled(
    board: Board, goal_id: int, agent: str | None = None, count: int = 1
) -> Callable[[], Awaitable[bool]]:
    """True once the goal has ``count`` tasks (of ``agent``, if given) and all have ended."""

    async def check() -> bool:
        where = [Task.goal_id == goal_id] + ([Task.agent == agent] if agent else [])
        tasks = await rows(board, Task, *where)
        ended = (TaskStatus.DONE, TaskStatus.FAILED)
        return len(tasks) >= count and all(t.status in ended for t in tasks)

    return check
