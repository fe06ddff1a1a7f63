"""Applying a knowledge source's contributions to the board in ONE transaction.

Each kind of contribution has its own small handler (``HANDLERS``). Entries are cut by the
board's markdown splitter (heading paths, line ranges), like ingested docs. The task is marked
done in the same commit, so a worker killed before the commit leaves no trace (the retry
starts clean) and one killed after it finds the task done (the retry skips).
Outbox keys are ``task:<id>:<key>``: the same on every retry, so nothing external is doubled.
An action must be of a kind the agent's soul allows and name its task's own target
(``controllers/control/targets.py``), whatever the contribution says. A status change may touch
only the task's own entry or its goal.
A follow-up task passes the same loop guards as scheduled ones (chain depth, goal budget): one
over a limit is dropped, and why is recorded under ``refused`` in the creating task's result.
A task that leaves nothing on the board says so: the agent's ``Decision`` (what and why) goes
into its result as ``decision`` and ``why``; with no decision given, ``why`` says that too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from blackboard.embeddings.base import SharedEmbedder
from blackboard.errors import BoardError
from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryStatus, TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.actions import ActionIn
from blackboard.schemas.links import LinkIn
from blackboard.schemas.tasks import TaskIn
from blackboard.services.actions import ActionService
from blackboard.services.documents import markdown_chunker
from blackboard.services.entries import EntryService
from blackboard.services.links import LinkService
from blackboard.services.tasks import TaskService
from blackboard.splitting import SplitOptions
from controllers.control.guards import budget_spent, goal_tasks, too_deep
from controllers.control.matching import best_agent
from controllers.control.settings import ControlSettings
from controllers.control.targets import task_targets
from controllers.outbox.kinds import check_kind
from controllers.outbox.rights import Principals, RightsError
from knowledge_sources.contributions import (
    Contribution,
    Decision,
    NewAction,
    NewEntry,
    NewLink,
    NewTask,
    SetStatus,
)
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)


@dataclass
class Applying:
    """One task's contributions on their way to the board: the services on one session, the
    entries contributed so far by ``ref``, and the ids written (the task's result, with the
    reasons follow-up tasks were refused under ``refused``, and a ``decision`` and ``why``
    when nothing was written)."""

    task: Task
    agent: Soul
    souls: Mapping[str, Soul]
    skills: Mapping[str, Sequence[float]]
    settings: ControlSettings
    embedder: SharedEmbedder
    entries: EntryService
    links: LinkService
    tasks: TaskService
    actions: ActionService
    entry_meta: Mapping[str, Any] = field(default_factory=dict)
    refs: dict[str, int] = field(default_factory=dict)
    result: dict[str, Any] = field(
        default_factory=lambda: {"entries": [], "links": [], "tasks": [], "actions": []}
    )

    def wrote_nothing(self) -> bool:
        """No entry, link, task or action came of the task."""
        return not any(self.result[key] for key in ("entries", "links", "tasks", "actions"))


async def apply_contributions(
    board: Board,
    task_id: int,
    contributions: Sequence[Contribution],
    souls: Mapping[str, Soul],
    skills: Mapping[str, Sequence[float]],
    split: SplitOptions,
    settings: ControlSettings | None = None,
    model_s: float = 0.0,
) -> dict[str, Any]:
    """Write everything, mark the task done, commit once; returns the task's result.

    Contributed entries are cut by the board's markdown splitter with ``split``; follow-up
    tasks are held to the loop guards of ``settings``; ``model_s`` (the seconds its model
    thought, all attempts) is kept in the result."""
    embedder = await board.embedder()
    async with board.sessions() as session:
        task = await session.scalar(select(Task).where(Task.id == task_id).with_for_update())
        if task is None or task.status == TaskStatus.DONE:
            return {"skipped": "already applied" if task else "no such task"}
        entry = await session.get(Entry, task.entry_id) if task.entry_id is not None else None
        applying = Applying(
            task=task,
            agent=souls[task.agent],
            souls=souls,
            skills=skills,
            settings=settings or ControlSettings(),
            embedder=embedder,
            entries=EntryService(session, embedder, markdown_chunker(split), autocommit=False),
            links=LinkService(session, autocommit=False),
            tasks=TaskService(session, autocommit=False),
            actions=ActionService(session, autocommit=False),
            entry_meta=entry.meta if entry is not None and isinstance(entry.meta, dict) else {},
        )
        for index, item in enumerate(contributions):
            await HANDLERS[type(item)](applying, item, index)
        if applying.wrote_nothing() and "decision" not in applying.result:
            applying.result["decision"] = "nothing"
            applying.result["why"] = f"{applying.agent.name} finished without giving a reason"
        if model_s > 0:
            applying.result["model_s"] = round(model_s, 3)
        task.status, task.result, task.error = TaskStatus.DONE, dict(applying.result), None
        await session.commit()
    return dict(applying.result)


async def _new_entry(run: Applying, item: NewEntry, index: int) -> None:
    """The entry (authored by the agent, its task and depth in the metadata) and its links."""
    meta = {
        **item.entry.meta,
        "agent": run.agent.name,
        "depth": run.task.depth + 1,
        "task_id": run.task.id,
    }
    if run.task.goal_id is not None:
        meta["goal_id"] = run.task.goal_id
    entry = await run.entries.create(
        item.entry.model_copy(update={"author": run.agent.name, "meta": meta})
    )
    run.refs[item.ref or f"#{index}"] = entry.id
    run.result["entries"].append(entry.id)
    for spec in item.links:
        link = await run.links.create(
            LinkIn(
                source_id=entry.id,
                target_id=spec.target_id,
                kind=spec.kind,
                quote=spec.quote,
                chunk_id=spec.chunk_id,
                author=run.agent.name,
                meta=spec.meta,
            )
        )
        run.result["links"].append(link.id)


async def _new_link(run: Applying, item: NewLink, index: int) -> None:
    """A link between existing entries, authored by the agent."""
    link = await run.links.create(
        LinkIn(
            source_id=item.source_id,
            target_id=item.target_id,
            kind=item.kind,
            quote=item.quote,
            author=run.agent.name,
        )
    )
    run.result["links"].append(link.id)


async def _new_task(run: Applying, item: NewTask, index: int) -> None:
    """A follow-up task for a named teammate or whoever fits, one level deeper, unless it is
    too deep or its goal's budget is spent (then it is dropped, the reason recorded)."""
    depth = run.task.depth + 1
    goal_id = run.task.goal_id
    refused = too_deep(depth, run.settings)
    if refused is None and goal_id is not None:
        refused = budget_spent(await goal_tasks(run.tasks.session, goal_id), run.settings)
    if refused is not None:
        reason = f"task for {item.agent or 'whoever fits'} not created: {refused}"
        logger.info("task %s (%s): %s", run.task.id, run.agent.name, reason)
        run.result.setdefault("refused", []).append(reason)
        return
    assignee = item.agent or await _whoever_fits(run.embedder, item, run.skills)
    if assignee not in run.souls:
        raise BoardError(f"{run.agent.name} assigned work to unknown agent {assignee!r}")
    entry_id = item.entry_id
    if item.entry_ref:
        if item.entry_ref not in run.refs:
            raise BoardError(f"task refers to unknown contributed entry {item.entry_ref!r}")
        entry_id = run.refs[item.entry_ref]
    new = await run.tasks.create(
        TaskIn(
            agent=assignee,
            entry_id=entry_id,
            reason=item.reason,
            priority=item.priority,
            depth=depth,
            goal_id=goal_id,
            created_by=run.agent.name,
            dedupe_key=f"task:{run.task.id}:task:{index}",
        )
    )
    run.result["tasks"].append(new.id)


async def _new_action(run: Applying, item: NewAction, index: int) -> None:
    """An outbox action of a known kind that the agent's soul allows, on the task's own target,
    keyed ``task:<id>:<key>``."""
    check_kind(item.kind)
    Principals(run.souls, humans=frozenset()).check(run.agent.name, item.kind)
    if item.target not in task_targets(item.kind, run.entry_meta):
        raise RightsError(
            f"{run.agent.name} may not aim {item.kind!r} at {item.target!r}: "
            f"not the target of task {run.task.id}"
        )
    action, _ = await run.actions.create(
        ActionIn(
            idempotency_key=f"task:{run.task.id}:{item.key}",
            kind=item.kind,
            target=item.target,
            agent=run.agent.name,
            task_id=run.task.id,
            payload=_resolve(item.payload, run.refs),
        )
    )
    run.result["actions"].append(action.id)


async def _set_status(run: Applying, item: SetStatus, index: int) -> None:
    """A new status for the task's own entry or its goal, nothing else (``statuses`` in the
    result)."""
    if item.entry_id not in (run.task.entry_id, run.task.goal_id):
        raise RightsError(
            f"{run.agent.name} may not change entry {item.entry_id}: neither the entry nor "
            f"the goal of task {run.task.id}"
        )
    if item.status not in set(EntryStatus):
        raise BoardError(f"{item.status!r} is not an entry status")
    entry = await run.entries.get(item.entry_id)
    entry.status = item.status
    run.result.setdefault("statuses", []).append({"entry": entry.id, "status": item.status})


async def _decision(run: Applying, item: Decision, index: int) -> None:
    """What the agent decided and why, on its task (bounded: the why may be the model's)."""
    run.result["decision"] = item.decision[:200]
    run.result["why"] = item.why[:1000]
    logger.info("task %s (%s) decided %r: %r", run.task.id, run.agent.name, item.decision, item.why)


ContributionHandler = Callable[[Applying, Any, int], Awaitable[None]]

HANDLERS: dict[type[Any], ContributionHandler] = {
    NewEntry: _new_entry,
    NewLink: _new_link,
    NewTask: _new_task,
    NewAction: _new_action,
    SetStatus: _set_status,
    Decision: _decision,
}
"""How each kind of contribution is applied (the item and its index in the contribution)."""


async def _whoever_fits(
    embedder: SharedEmbedder, item: NewTask, skills: Mapping[str, Sequence[float]]
) -> str:
    vector = (await embedder.embed_async([item.reason]))[0]
    chosen = best_agent(vector, skills)
    if chosen is None:
        raise BoardError("no agent to assign the task to")
    return chosen


def _resolve(value: Any, refs: Mapping[str, int]) -> Any:
    """Replace ``"{ref:NAME}"`` strings with the id of the entry contributed as NAME."""
    if isinstance(value, str) and value.startswith("{ref:") and value.endswith("}"):
        name = value[5:-1]
        if name not in refs:
            raise BoardError(f"action refers to unknown contributed entry {name!r}")
        return refs[name]
    if isinstance(value, dict):
        return {k: _resolve(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, refs) for v in value]
    return value
