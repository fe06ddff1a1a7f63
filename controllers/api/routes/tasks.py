"""/tasks: activation records — create, list, read, reprioritise/cancel/reassign/retry.

A change that names an agent not on the team is refused (400, with the team's names).
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.errors import BoardError
from blackboard.models.vocabulary import TaskStatus
from blackboard.schemas.tasks import TaskIn, TaskOut, TaskPatch
from blackboard.services.tasks import TaskService
from controllers.api.params import IdPath, IdQuery
from controllers.api.routes.agents import roster_of
from controllers.suggestions import unknown_name


class TaskController(Controller):
    """Tasks of the agents."""

    path = "/tasks"
    tags = ["tasks"]

    @post("/")
    async def create_task(
        self, data: JSONBody[TaskIn], db_session: NamedDependency[AsyncSession]
    ) -> TaskOut:
        return TaskOut.model_validate(await TaskService(db_session).create(data))

    @get("/")
    async def list_tasks(
        self,
        db_session: NamedDependency[AsyncSession],
        agent: FromQuery[str | None] = None,
        status: FromQuery[list[TaskStatus] | None] = None,
        entry: IdQuery = None,
        created_by: Annotated[str | None, Parameter(max_length=200)] = None,
        limit: Annotated[int, Parameter(ge=1, le=1000)] = 100,
    ) -> list[TaskOut]:
        """Highest priority first; ``entry`` keeps the tasks on one entry, ``created_by`` the
        tasks one person or agent created (a soul's name: its scans and hand-offs)."""
        rows = await TaskService(db_session).find(
            agent, status or (), limit, entry_id=entry, created_by=created_by
        )
        return [TaskOut.model_validate(t) for t in rows]

    @get("/{task_id:int}")
    async def get_task(self, task_id: IdPath, db_session: NamedDependency[AsyncSession]) -> TaskOut:
        return TaskOut.model_validate(await TaskService(db_session).get(task_id))

    @patch("/{task_id:int}")
    async def update_task(
        self,
        task_id: IdPath,
        data: JSONBody[TaskPatch],
        db_session: NamedDependency[AsyncSession],
        state: State,
    ) -> TaskOut:
        """Change fields (send the ``version`` you read); ``status: pending`` runs it again."""
        team = roster_of(state).names()
        if data.agent is not None and data.agent not in team:
            raise BoardError(unknown_name("agent", data.agent, team))
        return TaskOut.model_validate(await TaskService(db_session).update(task_id, data))
