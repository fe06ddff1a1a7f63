"""Applying a knowledge source's contributions to the board in ONE transaction.

Entries are cut by ingest's markdown splitter (heading paths, line ranges), like ingested
docs. The task is marked done in the same commit, so a worker killed before the commit leaves no
trace (the retry starts clean) and one killed after it finds the task done (the retry skips).
Outbox keys are ``task:<id>:<key>``: the same on every retry, so nothing external is doubled.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from blackboard.embeddings.base import SharedEmbedder
from blackboard.errors import BoardError
from blackboard.models import Task
from blackboard.runtime import Board
from blackboard.schemas.actions import ActionIn
from blackboard.schemas.links import LinkIn
from blackboard.schemas.tasks import TaskIn
from blackboard.services.actions import ActionService
from blackboard.services.entries import EntryService
from blackboard.services.links import LinkService
from blackboard.services.tasks import TaskService
from controllers.control.matching import best_agent
from controllers.outbox.kinds import check_kind
from controllers.outbox.rights import Principals
from ingest.documents import markdown_chunker
from knowledge_sources.contributions import Contribution, NewAction, NewEntry, NewLink, NewTask
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)


async def apply_contributions(
    board: Board,
    task_id: int,
    contributions: Sequence[Contribution],
    souls: Mapping[str, Soul],
    skills: Mapping[str, Sequence[float]],
) -> dict[str, Any]:
    """Write everything, mark the task done, commit once; returns the task's result."""
    embedder = await board.embedder()
    async with board.sessions() as session:
        task = await session.scalar(select(Task).where(Task.id == task_id).with_for_update())
        if task is None or task.status == "done":
            return {"skipped": "already applied" if task else "no such task"}
        agent = souls[task.agent]
        entries, links, tasks, actions = (
            EntryService(session, embedder, markdown_chunker(), autocommit=False),
            LinkService(session, autocommit=False),
            TaskService(session, autocommit=False),
            ActionService(session, autocommit=False),
        )
        refs: dict[str, int] = {}
        result: dict[str, list[int]] = {"entries": [], "links": [], "tasks": [], "actions": []}
        for index, item in enumerate(contributions):
            if isinstance(item, NewEntry):
                meta = {
                    **item.entry.meta,
                    "agent": agent.name,
                    "depth": task.depth + 1,
                    "task_id": task.id,
                }
                if task.goal_id is not None:
                    meta["goal_id"] = task.goal_id
                entry = await entries.create(
                    item.entry.model_copy(update={"author": agent.name, "meta": meta})
                )
                refs[item.ref or f"#{index}"] = entry.id
                result["entries"].append(entry.id)
                for spec in item.links:
                    link = await links.create(
                        LinkIn(
                            source_id=entry.id,
                            target_id=spec.target_id,
                            kind=spec.kind,
                            quote=spec.quote,
                            chunk_id=spec.chunk_id,
                            author=agent.name,
                            meta=spec.meta,
                        )
                    )
                    result["links"].append(link.id)
            elif isinstance(item, NewLink):
                link = await links.create(
                    LinkIn(
                        source_id=item.source_id,
                        target_id=item.target_id,
                        kind=item.kind,
                        quote=item.quote,
                        author=agent.name,
                    )
                )
                result["links"].append(link.id)
            elif isinstance(item, NewTask):
                assignee = item.agent or await _whoever_fits(embedder, item, skills)
                if assignee not in souls:
                    raise BoardError(f"{agent.name} assigned work to unknown agent {assignee!r}")
                new = await tasks.create(
                    TaskIn(
                        agent=assignee,
                        entry_id=item.entry_id,
                        reason=item.reason,
                        priority=item.priority,
                        depth=task.depth + 1,
                        goal_id=task.goal_id,
                        created_by=agent.name,
                        dedupe_key=f"task:{task.id}:task:{index}",
                    )
                )
                result["tasks"].append(new.id)
            elif isinstance(item, NewAction):
                check_kind(item.kind)
                Principals(souls, humans=frozenset()).check(agent.name, item.kind)
                action, _ = await actions.create(
                    ActionIn(
                        idempotency_key=f"task:{task.id}:{item.key}",
                        kind=item.kind,
                        target=item.target,
                        agent=agent.name,
                        task_id=task.id,
                        payload=_resolve(item.payload, refs),
                    )
                )
                result["actions"].append(action.id)
        task.status, task.result, task.error = "done", dict(result), None
        await session.commit()
    return dict(result)


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
