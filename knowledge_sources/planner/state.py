"""Where a plan stands, read from the board: each step's task entry, its tasks and its Gitea
issue, the tracking issue, and what the tracking issue last said.

A step is ``done`` when a task on its entry is done and none is still open (a hand-off makes
another task on the same entry), ``failed`` when every task on it ended and none is done,
``working`` while one is open, and ``waiting`` before it has any (its dependency is not done).
Issues are known from the planner's own ``gitea.issue.create`` actions (``payload.plan`` names
the plan record); their numbers from the responses once the outbox has made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Action, Entry, Task
from blackboard.models.vocabulary import ActionStatus, EntryKind, TaskStatus
from blackboard.runtime import Board
from knowledge_sources.planner.plan import STEP_TAG, Step

OPEN_TASK = (TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.ACTIVE)
FINAL_ACTION = (ActionStatus.DONE, ActionStatus.FAILED, ActionStatus.REFUSED)
ISSUE_CREATE, ISSUE_EDIT = "gitea.issue.create", "gitea.issue.edit"
STEP_ROLE, TRACKING_ROLE = "step", "tracking"


@dataclass(frozen=True)
class Issue:
    """A Gitea issue the planner asked for: whether the outbox is done with it, and its number."""

    status: str
    number: int | None = None
    url: str = ""

    @classmethod
    def of(cls, action: Action) -> Issue:
        number = action.response.get("number") if action.status == ActionStatus.DONE else None
        url = action.response.get("html_url") if action.status == ActionStatus.DONE else ""
        return cls(action.status, number if isinstance(number, int) else None, str(url or ""))

    @property
    def settled(self) -> bool:
        """The outbox finished with it (made, failed or refused)."""
        return self.status in FINAL_ACTION


@dataclass
class StepState:
    """One step and what the board says about it."""

    step: Step
    entry_id: int | None = None
    tasks: list[str] = field(default_factory=list)
    issue: Issue | None = None

    @property
    def status(self) -> str:
        if not self.tasks:
            return "waiting"
        if any(t in OPEN_TASK for t in self.tasks):
            return "working"
        return "done" if TaskStatus.DONE in self.tasks else "failed"


@dataclass
class PlanState:
    """The plan record, its goal, its steps, and its tracking issue (with what it last said)."""

    record: Entry
    goal: Entry
    steps: list[StepState]
    tracking: Issue | None = None
    said: tuple[str, str] | None = None
    """The tracking issue's body and state as last sent (its creation or newest edit)."""
    editing: bool = False
    """An edit of the tracking issue is still in the outbox (the next waits for it)."""

    @property
    def repo(self) -> str | None:
        repo = self.record.meta.get("repo")
        return repo if isinstance(repo, str) and repo else None

    @property
    def all_done(self) -> bool:
        return all(s.status == "done" for s in self.steps)

    def status_of(self, number: int) -> str:
        return next((s.status for s in self.steps if s.step.number == number), "waiting")


async def read_state(board: Board, record: Entry, goal: Entry) -> PlanState:
    """The plan's state now."""
    steps = {s.number: StepState(s) for s in (Step.of(m) for m in record.meta.get("steps") or [])}
    async with board.sessions() as session:
        entries = await session.scalars(
            select(Entry).where(
                Entry.kind == EntryKind.TASK,
                Entry.tags.contains([STEP_TAG]),
                Entry.meta["task_id"].astext == str(record.meta.get("task_id")),
            )
        )
        for entry in entries:
            number = entry.meta.get("plan_step")
            if isinstance(number, int) and number in steps:
                steps[number].entry_id = entry.id
        ids = [s.entry_id for s in steps.values() if s.entry_id is not None]
        for task in await session.scalars(
            select(Task).where(Task.entry_id.in_(ids)).order_by(Task.id)
        ):
            owner = next(s for s in steps.values() if s.entry_id == task.entry_id)
            owner.tasks.append(task.status)
        actions = list(
            await session.scalars(
                select(Action)
                .where(
                    Action.kind == ISSUE_CREATE, Action.payload["plan"].as_integer() == record.id
                )
                .order_by(Action.id)
            )
        )
        state = PlanState(record, goal, [steps[n] for n in sorted(steps)])
        for action in actions:
            _note_issue(state, steps, action)
        if state.tracking is not None and state.tracking.number is not None:
            await _last_said(session, state, state.tracking.number)
    return state


def _note_issue(state: PlanState, steps: dict[int, StepState], action: Action) -> None:
    payload: dict[str, Any] = action.payload
    if payload.get("role") == TRACKING_ROLE:
        state.tracking = Issue.of(action)
        state.said = (str(payload.get("body", "")), "open")
    elif payload.get("role") == STEP_ROLE and payload.get("step") in steps:
        steps[int(payload["step"])].issue = Issue.of(action)


async def _last_said(session: AsyncSession, state: PlanState, number: int) -> None:
    """What the tracking issue last said: its newest edit that did not fail, else its creation;
    and whether an edit is still in the outbox."""
    record = state.record
    edits = list(
        await session.scalars(
            select(Action)
            .where(
                Action.kind == ISSUE_EDIT,
                Action.agent == record.author,
                Action.target == record.meta.get("repo"),
                Action.payload["index"].as_integer() == number,
            )
            .order_by(Action.id)
        )
    )
    state.editing = any(e.status not in FINAL_ACTION for e in edits)
    sent = [e for e in edits if e.status not in (ActionStatus.FAILED, ActionStatus.REFUSED)]
    if sent:
        state.said = (str(sent[-1].payload.get("body", "")), str(sent[-1].payload.get("state")))
