"""Creating, listing and changing tasks (activation records)."""

from __future__ import annotations

from collections.abc import Sequence

from advanced_alchemy.filters import LimitOffset, OrderBy
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.errors import ConflictError, NotFoundError
from blackboard.models import Entry, Task
from blackboard.models.vocabulary import TaskStatus
from blackboard.repositories import TaskRepository
from blackboard.schemas.tasks import TaskIn, TaskPatch
from blackboard.services.base import SessionService


class TaskService(SessionService):
    """Tasks on one session; writes commit."""

    def __init__(self, session: AsyncSession, *, autocommit: bool = True) -> None:
        super().__init__(session, autocommit=autocommit)
        self.tasks = TaskRepository(session=session)

    async def create(self, data: TaskIn) -> Task:
        """Add a task; a task with the same ``dedupe_key`` is returned instead of a second."""
        if data.dedupe_key is not None:
            existing = await self.tasks.get_one_or_none(Task.dedupe_key == data.dedupe_key)
            if existing is not None:
                return existing
        for entry_id in (data.entry_id, data.goal_id):
            if entry_id is not None and await self.session.get(Entry, entry_id) is None:
                raise NotFoundError(f"no entry {entry_id}")
        task = await self.tasks.add(Task(**data.model_dump()))
        await self._done()
        return task

    async def get(self, task_id: int) -> Task:
        task = await self.tasks.get_one_or_none(Task.id == task_id)
        if task is None:
            raise NotFoundError(f"no task {task_id}")
        return task

    async def find(
        self,
        agent: str | None = None,
        statuses: Sequence[str] = (),
        limit: int = 100,
        *,
        entry_id: int | None = None,
        created_by: str | None = None,
    ) -> list[Task]:
        """Highest priority first, then oldest; ``entry_id`` keeps one entry's tasks,
        ``created_by`` those one person or agent created."""
        conditions: list[ColumnElement[bool]] = []
        if entry_id is not None:
            conditions.append(Task.entry_id == entry_id)
        if created_by:
            conditions.append(Task.created_by == created_by)
        if agent:
            conditions.append(Task.agent == agent)
        if statuses:
            conditions.append(Task.status.in_(list(statuses)))
        return await self.tasks.get_many(
            *conditions, OrderBy("priority", "desc"), OrderBy("id", "asc"), LimitOffset(limit, 0)
        )

    async def update(self, task_id: int, patch: TaskPatch) -> Task:
        """Apply ``patch`` if its version is current.

        A finished task (done, failed, cancelled) is not given to another agent unless the same
        patch reopens it: reassigning it would change nothing but the name on the record."""
        task = await self.get(task_id)
        if task.version != patch.version:
            raise ConflictError(f"task {task_id} is at version {task.version}, not {patch.version}")
        status = patch.status or task.status
        if patch.agent not in (None, task.agent) and status in FINISHED:
            raise ConflictError(f"task {task_id} is {status}: a finished task is not reassigned")
        for field, value in patch.model_dump(exclude_unset=True, exclude={"version"}).items():
            setattr(task, field, value)
        await self._done()
        return task


FINISHED = frozenset({TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.CANCELLED})
"""Task states no worker will act on again."""
