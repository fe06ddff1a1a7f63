"""The outbox: recording side effects once per idempotency key, with an audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advanced_alchemy.filters import LimitOffset, OrderBy
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.errors import ConflictError, NotFoundError
from blackboard.models import Action, AuditRecord, Task
from blackboard.models.vocabulary import ActionStatus
from blackboard.repositories import ActionRepository, AuditRepository
from blackboard.schemas.actions import ActionIn, ActionPatch
from blackboard.services.base import SessionService


class ActionService(SessionService):
    """Outbox actions on one session; every change is audited and committed."""

    def __init__(self, session: AsyncSession, *, autocommit: bool = True) -> None:
        super().__init__(session, autocommit=autocommit)
        self.actions = ActionRepository(session=session)
        self.audit = AuditRepository(session=session)

    async def create(self, data: ActionIn) -> tuple[Action, bool]:
        """Record an action; returns ``(action, created)``, the stored one for a known key."""
        existing = await self.actions.get_one_or_none(
            Action.idempotency_key == data.idempotency_key
        )
        if existing is not None:
            return existing, False
        if data.task_id is not None and await self.session.get(Task, data.task_id) is None:
            raise NotFoundError(f"no task {data.task_id}")
        action = await self.actions.add(Action(**data.model_dump()))
        self._audit(action, "created", data.agent, {"kind": data.kind, "target": data.target})
        await self._done()
        return action, True

    async def get(self, action_id: int) -> Action:
        action = await self.actions.get_one_or_none(Action.id == action_id)
        if action is None:
            raise NotFoundError(f"no action {action_id}")
        return action

    async def find(self, statuses: Sequence[str] = (), limit: int = 100) -> list[Action]:
        conditions = [Action.status.in_(list(statuses))] if statuses else []
        return await self.actions.get_many(
            *conditions, OrderBy("id", "desc"), LimitOffset(limit, 0)
        )

    async def update(self, action_id: int, patch: ActionPatch, actor: str = "system") -> Action:
        """Record an outcome (status, response, error) if the version is current."""
        action = await self.get(action_id)
        if action.version != patch.version:
            raise ConflictError(
                f"action {action_id} is at version {action.version}, not {patch.version}"
            )
        action.status = patch.status
        if patch.status == ActionStatus.IN_PROGRESS:
            action.attempts += 1
        if patch.response is not None:
            action.response = patch.response
        if patch.error is not None:
            action.error = patch.error
        self._audit(action, str(patch.status), actor, {"error": patch.error} if patch.error else {})
        await self._done()
        return action

    async def audit_trail(self, action_id: int) -> list[AuditRecord]:
        return await self.audit.get_many(AuditRecord.action_id == action_id, OrderBy("id", "asc"))

    def _audit(self, action: Action, event: str, actor: str, detail: dict[str, Any]) -> None:
        self.session.add(AuditRecord(action_id=action.id, event=event, actor=actor, detail=detail))
