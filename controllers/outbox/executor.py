"""Performing outbox actions against Gitea, each once, every step in the audit trail.

pending -> in_progress -> done | refused | failed (or back to pending for a transient error).
An action found ``in_progress`` was interrupted (a crash after the write, before ``done``): its
handler first looks for the earlier result (the idempotency marker) and only writes if none.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.errors import (
    GiteaError,
    GiteaRateLimitError,
    GiteaServerError,
    GiteaUnavailableError,
    WriteRefusedError,
)
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.errors import ConflictError
from blackboard.models import Action
from blackboard.models.vocabulary import ActionStatus
from blackboard.runtime import Board
from blackboard.schemas.actions import ActionIn, ActionPatch
from blackboard.services.actions import ActionService
from controllers.outbox.gitea_actions import HANDLERS, Context
from controllers.outbox.policy import check_write

logger = logging.getLogger(__name__)
TRANSIENT = (GiteaServerError, GiteaUnavailableError, GiteaRateLimitError)
FINAL = (ActionStatus.DONE, ActionStatus.REFUSED, ActionStatus.FAILED)


async def enqueue(
    board: Board,
    *,
    key: str,
    kind: str,
    target: str,
    payload: dict[str, Any],
    agent: str = "human",
    task_id: int | None = None,
) -> tuple[Action, bool]:
    """Record a Gitea write in the outbox (the same ``key`` returns the stored action)."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown Gitea action kind {kind!r}; known: {sorted(HANDLERS)}")
    async with board.sessions() as session:
        return await ActionService(session).create(
            ActionIn(
                idempotency_key=key,
                kind=kind,
                target=target,
                payload=payload,
                agent=agent,
                task_id=task_id,
            )
        )


class OutboxExecutor:
    """Runs ``gitea.*`` actions through one Gitea API."""

    def __init__(
        self,
        board: Board,
        api: GiteaAPI,
        settings: GiteaSettings,
        actor: str = "outbox",
        max_attempts: int = 5,
    ) -> None:
        self.board = board
        self.api = api
        self.settings = settings
        self.actor = actor
        self.max_attempts = max_attempts

    async def run_pending(self, limit: int = 50) -> list[Action]:
        """Execute pending and interrupted Gitea actions, oldest first."""
        async with self.board.sessions() as session:
            ids = list(
                (
                    await session.scalars(
                        select(Action.id)
                        .where(
                            Action.kind.startswith("gitea."),
                            Action.status.in_([ActionStatus.PENDING, ActionStatus.IN_PROGRESS]),
                        )
                        .order_by(Action.id)
                        .limit(limit)
                    )
                ).all()
            )
        return [await self.execute(action_id) for action_id in ids]

    async def execute(self, action_id: int) -> Action:
        """Perform one action (or recognise it as already done); returns its final row."""
        action = await self._get(action_id)
        if action.status in FINAL:
            return action
        interrupted = action.status == ActionStatus.IN_PROGRESS
        handler = HANDLERS.get(action.kind)
        if handler is None:
            return await self._set(
                action, ActionStatus.FAILED, error=f"unknown Gitea action kind {action.kind!r}"
            )
        try:
            owner, repo = check_write(self.settings, action.target)
        except WriteRefusedError as exc:
            return await self._set(action, ActionStatus.REFUSED, error=str(exc))
        try:
            action = await self._set(action, ActionStatus.IN_PROGRESS)
        except ConflictError:
            return await self._get(action_id)
        ctx = Context(
            self.api, self.settings, owner, repo, dict(action.payload), action.idempotency_key
        )
        try:
            if handler.check is not None:
                await handler.check(ctx)
            found = await handler.find(ctx) if interrupted and handler.find else None
            response = found if found is not None else await handler.perform(ctx)
        except WriteRefusedError as exc:
            return await self._set(action, ActionStatus.REFUSED, error=str(exc))
        except TRANSIENT as exc:
            final = action.attempts >= self.max_attempts
            return await self._set(
                action, ActionStatus.FAILED if final else ActionStatus.PENDING, error=str(exc)
            )
        except (GiteaError, KeyError, ValueError) as exc:
            return await self._set(
                action, ActionStatus.FAILED, error=f"{type(exc).__name__}: {exc}"
            )
        return await self._finish(action, {**response, "reconciled": found is not None})

    async def _finish(self, action: Action, response: dict[str, Any]) -> Action:
        return await self._set(action, ActionStatus.DONE, response=response)

    async def _get(self, action_id: int) -> Action:
        async with self.board.sessions() as session:
            return await ActionService(session).get(action_id)

    async def _set(
        self,
        action: Action,
        status: ActionStatus,
        *,
        response: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> Action:
        async with self.board.sessions() as session:
            current = await ActionService(session).get(action.id)
            if current.version != action.version:
                raise ConflictError(f"action {action.id} changed meanwhile")
            updated = await ActionService(session).update(
                action.id,
                ActionPatch(version=current.version, status=status, response=response, error=error),
                actor=self.actor,
            )
        if status == ActionStatus.REFUSED:
            logger.warning("outbox refused action %s (%s): %s", action.id, action.kind, error)
        return updated
