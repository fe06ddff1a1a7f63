"""The planner's contribute step, by the entry its task is on.

- a ``goal``: made into a plan (``planning``) and published (``publish``), unless it has one;
- a Gitea issue labelled ``goal``: made into a goal entry (``from_issue``), planned next;
- its own plan record: followed (``progress``), when control wakes it because a step's task
  ended or the outbox made the plan's issues.
Any other entry its triggers bring goes to the generalist (``handles`` says which it takes).
"""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind
from knowledge_sources.contributions import Contribution, Decision
from knowledge_sources.planner.from_issue import goal_from_issue, is_goal_issue
from knowledge_sources.planner.plan import PLAN_TAG
from knowledge_sources.planner.planning import NOTHING, PLAN, Goal, Planning
from knowledge_sources.planner.progress import follow
from knowledge_sources.planner.publish import publish
from knowledge_sources.planner.state import read_state
from knowledge_sources.planner.team import Team
from knowledge_sources.prompts.origins import entry_origin
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context

PLANNED = "planned already"
NO_TEAM = "no plan"


def handles(entry: Entry) -> bool:
    """Goals, issues labelled ``goal``, and the planner's own plan records."""
    if entry.kind == EntryKind.GOAL:
        return True
    if entry.kind == EntryKind.CONTRIBUTION:
        return PLAN_TAG in entry.tags
    return is_goal_issue(entry)


class PlannerSource:
    """Plans goals and follows its plans to the end."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        if entry is None or not handles(entry):
            return []
        if entry.kind == EntryKind.GITEA_ISSUE:
            return await goal_from_issue(context.board, entry)
        if entry.kind == EntryKind.CONTRIBUTION:
            return await self._follow(context, entry)
        return await self._plan(context, entry)

    async def _plan(self, context: Context, goal: Entry) -> list[Contribution]:
        earlier = await _plan_of(context, goal.id)
        if earlier is not None:
            return [Decision(PLANNED, f"goal {goal.id} has plan {earlier.id}")]
        names = tuple(
            n
            for n in context.teammates
            if n != self.soul.name and (not context.roles or n in context.roles)  # enabled
        )
        if not names:
            return [Decision(NO_TEAM, "the team has nobody but the planner to do the steps")]
        await context.report("planning")
        planning = Planning(
            model=context.model,
            patterns=context.patterns,
            personality=self.soul.personality,
            goal=Goal(goal.title, goal.body, entry_origin(goal)),
            team=Team(names, context.roles, context.skills),
            embedder=await context.board.embedder(),
        )
        accepted = await planning.accept()
        if accepted.chosen != PLAN:
            return [Decision(NOTHING, await planning.why_not())]
        plan = await planning.plan(accepted)
        repo = goal.meta.get("repo")
        repo = repo if isinstance(repo, str) and repo.count("/") == 1 else None
        return publish(goal, repo, plan, self.soul.name, context.task.priority)

    async def _follow(self, context: Context, record: Entry) -> list[Contribution]:
        async with context.board.sessions() as session:
            goal = await session.get(Entry, int(record.meta["goal"]))
        if goal is None:
            return [Decision("goal gone", f"plan {record.id}'s goal is no longer on the board")]
        await context.report("following the plan")
        state = await read_state(context.board, record, goal)
        return follow(state, context.task.priority)


async def _plan_of(context: Context, goal_id: int) -> Entry | None:
    async with context.board.sessions() as session:
        record: Entry | None = await session.scalar(
            select(Entry)
            .where(
                Entry.kind == EntryKind.CONTRIBUTION,
                Entry.tags.contains([PLAN_TAG]),
                Entry.meta["goal"].astext == str(goal_id),
            )
            .limit(1)
        )
    return record
