"""/actions: the outbox — record a side effect once, record its outcome, read its audit trail."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.schemas.actions import ActionIn, ActionOut, ActionPatch
from blackboard.services.actions import ActionService
from controllers.api.params import IdPath
from controllers.outbox.kinds import check_kind
from controllers.outbox.rights import Principals


class ActionController(Controller):
    """Outbox actions."""

    path = "/actions"
    tags = ["actions"]

    @post("/")
    async def create_action(
        self,
        data: JSONBody[ActionIn],
        db_session: NamedDependency[AsyncSession],
        principals: NamedDependency[Principals],
    ) -> Response[ActionOut]:
        """201 with the new action, or 200 with the stored one for a known idempotency key;
        400 for a kind the outbox does not perform, for an ``agent`` that is neither a soul nor
        a human principal, and for an action that principal has no right to."""
        check_kind(data.kind)
        principals.check(data.agent, data.kind)
        action, created = await ActionService(db_session).create(data)
        return Response(ActionOut.model_validate(action), status_code=201 if created else 200)

    @get("/")
    async def list_actions(
        self,
        db_session: NamedDependency[AsyncSession],
        status: FromQuery[list[str] | None] = None,
        limit: Annotated[int, Parameter(ge=1, le=1000)] = 100,
    ) -> list[ActionOut]:
        rows = await ActionService(db_session).find(status or (), limit)
        return [ActionOut.model_validate(a) for a in rows]

    @get("/{action_id:int}")
    async def get_action(
        self, action_id: IdPath, db_session: NamedDependency[AsyncSession]
    ) -> ActionOut:
        return ActionOut.model_validate(await ActionService(db_session).get(action_id))

    @patch("/{action_id:int}")
    async def update_action(
        self,
        action_id: IdPath,
        data: JSONBody[ActionPatch],
        db_session: NamedDependency[AsyncSession],
    ) -> ActionOut:
        return ActionOut.model_validate(await ActionService(db_session).update(action_id, data))

    @get("/{action_id:int}/audit")
    async def action_audit(
        self, action_id: IdPath, db_session: NamedDependency[AsyncSession]
    ) -> list[dict[str, Any]]:
        service = ActionService(db_session)
        await service.get(action_id)
        return [
            {
                "id": r.id,
                "event": r.event,
                "actor": r.actor,
                "detail": r.detail,
                "created_at": r.created_at.isoformat(),
            }
            for r in await service.audit_trail(action_id)
        ]
