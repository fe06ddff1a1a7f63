"""The agents: each soul's summary, schedule (with what it used of today's budget) and queue;
reprioritise, cancel or reassign a task."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.errors import ConflictError
from blackboard.models.vocabulary import TaskStatus
from blackboard.schemas.tasks import TaskPatch
from blackboard.services.tasks import TaskService
from controllers.api.params import IdPath
from controllers.control.scans.budget import used_today, utc_now
from controllers.web.context import WebContext
from controllers.web.queries import entry_titles, queue_of

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


@get("/agents")
async def agents_page(
    request: Request[Any, Any, Any],
    web: NamedDependency[WebContext],
    db_session: NamedDependency[AsyncSession],
    error: FromQuery[str] = "",
) -> Template:
    """Every soul with its queue, and its schedule's use of today's budget."""
    queues = {name: await queue_of(db_session, name) for name in sorted(web.souls)}
    now = utc_now()
    used = {
        name: await used_today(db_session, name, now)
        for name, soul in web.souls.items()
        if soul.schedule is not None
    }
    entry_ids = [t.entry_id for q in queues.values() for ts in q.values() for t in ts]
    return web.page(
        request,
        "agents.html",
        souls=web.souls,
        queues=queues,
        used=used,
        titles=await entry_titles(db_session, entry_ids),
        error=error,
    )


@post("/tasks/{task_id:int}", status_code=200)
async def change_task(
    web: NamedDependency[WebContext],
    db_session: NamedDependency[AsyncSession],
    task_id: IdPath,
    data: Form,
) -> Redirect:
    """Apply one change (the control loop moves the queued job to match) and go back."""
    try:
        patch = _patch(data, web)
        await TaskService(db_session).update(task_id, patch)
    except ConflictError:
        return Redirect("/ui/agents?error=The+task+changed+meanwhile%3B+try+again.")
    except (ValueError, ValidationError):
        return Redirect("/ui/agents?error=That+change+is+not+valid.")
    return Redirect(f"/ui/agents#task-{task_id}")


def _patch(data: dict[str, str], web: NamedDependency[WebContext]) -> TaskPatch:
    version = int(data.get("version", ""))
    action = data.get("action", "")
    if action == "cancel":
        return TaskPatch(version=version, status=TaskStatus.CANCELLED)
    if action == "priority":
        return TaskPatch(version=version, priority=float(data.get("priority", "")))
    if action == "reassign" and data.get("agent") in web.souls:
        return TaskPatch(version=version, agent=data["agent"])
    raise ValueError(f"unknown change {action!r}")
