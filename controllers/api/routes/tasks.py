"""/tasks: activation records — create, list, read, reprioritise/cancel/reassign."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.schemas.tasks import TaskIn, TaskOut, TaskPatch
from blackboard.services.tasks import TaskService


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
        status: FromQuery[list[str] | None] = None,
        limit: Annotated[int, Parameter(ge=1, le=1000)] = 100,
    ) -> list[TaskOut]:
        rows = await TaskService(db_session).find(agent, status or (), limit)
        return [TaskOut.model_validate(t) for t in rows]

    @get("/{task_id:int}")
    async def get_task(
        self, task_id: FromPath[int], db_session: NamedDependency[AsyncSession]
    ) -> TaskOut:
        return TaskOut.model_validate(await TaskService(db_session).get(task_id))

    @patch("/{task_id:int}")
    async def update_task(
        self,
        task_id: FromPath[int],
        data: JSONBody[TaskPatch],
        db_session: NamedDependency[AsyncSession],
    ) -> TaskOut:
        return TaskOut.model_validate(await TaskService(db_session).update(task_id, data))
