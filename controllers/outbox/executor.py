"""Performing outbox actions, each once, every step in the audit trail; the same for every kind.

pending -> in_progress -> done | refused | failed (or back to pending for a transient error).
An action found ``in_progress`` was interrupted (a crash after the write, before ``done``): its
handler first looks for the earlier result (the idempotency marker) and only writes if none.
Before anything is claimed, the acting principal's rights are checked (``rights``): an action
of an unknown principal, or one its soul (or the human role) has no right to, is ``refused``
with the reason, audited, and never performed. An action whose channel is not running here
(Gitea not configured, no bot for the agent) is left pending, untouched, with a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from blackboard.errors import ConflictError
from blackboard.models import Action
from blackboard.models.vocabulary import ActionStatus
from blackboard.runtime import Board
from blackboard.schemas.actions import ActionPatch
from blackboard.services.actions import ActionService
from controllers.outbox.handlers import Channel, ChannelUnavailable, Verdict
from controllers.outbox.kinds import KINDS
from controllers.outbox.rights import Principals, RightsError

logger = logging.getLogger(__name__)
FINAL = (ActionStatus.DONE, ActionStatus.REFUSED, ActionStatus.FAILED)
OPEN = (ActionStatus.PENDING, ActionStatus.IN_PROGRESS)
PAYLOAD_ERRORS = (KeyError, ValueError, TypeError)


@dataclass(frozen=True)
class Attempt:
    """An action after one try; ``retry_after`` is set when a transient error asks for a retry."""

    action: Action
    retry_after: float | None = None


class OutboxExecutor:
    """Runs actions through the channels configured in this process (by channel name), for
    the principals (souls, the human role) that have the right to them."""

    def __init__(
        self,
        board: Board,
        channels: Mapping[str, Channel],
        principals: Principals,
        actor: str = "outbox",
        max_attempts: int = 5,
    ) -> None:
        self.board = board
        self.channels = dict(channels)
        self.principals = principals
        self.actor = actor
        self.max_attempts = max_attempts

    def runs(self, kind: str) -> bool:
        """Whether this process can perform ``kind`` (known, and its channel configured)."""
        known = KINDS.get(kind)
        return known is not None and known.channel in self.channels

    async def open_actions(self, limit: int = 500) -> list[int]:
        """Pending and interrupted actions of kinds this process runs, oldest first."""
        async with self.board.sessions() as session:
            rows = (
                await session.execute(
                    select(Action.id, Action.kind)
                    .where(Action.status.in_(OPEN))
                    .order_by(Action.id)
                    .limit(limit)
                )
            ).all()
        return [action_id for action_id, kind in rows if self.runs(kind)]

    async def run_pending(self, limit: int = 500) -> list[Action]:
        """Execute pending and interrupted actions here and now, oldest first."""
        return [await self.execute(action_id) for action_id in await self.open_actions(limit)]

    async def execute(self, action_id: int) -> Action:
        """Perform one action (or recognise it as already done); returns its row after."""
        return (await self.attempt(action_id)).action

    async def attempt(self, action_id: int) -> Attempt:
        """Perform one action; says whether a transient error wants another try."""
        action = await self._get(action_id)
        if action.status in FINAL:
            return Attempt(action)
        kind = KINDS.get(action.kind)
        if kind is None:
            reason = f"unknown action kind {action.kind!r}"
            return Attempt(await self._set(action, ActionStatus.FAILED, error=reason))
        try:
            self.principals.check(action.agent, action.kind)
        except RightsError as exc:
            return Attempt(await self._set(action, ActionStatus.REFUSED, error=str(exc)))
        channel = self.channels.get(kind.channel)
        if channel is None:
            logger.warning(
                "outbox: action %s (%s) left pending: %s actions are not configured here",
                action.id,
                action.kind,
                kind.channel,
            )
            return Attempt(action)
        interrupted = action.status == ActionStatus.IN_PROGRESS
        try:
            ctx = channel.context(action)
        except ChannelUnavailable as exc:
            logger.warning("outbox: action %s (%s) left pending: %s", action.id, action.kind, exc)
            return Attempt(action)
        except Exception as exc:
            verdict = channel.judge(exc)
            if verdict is None:
                raise
            return Attempt(await self._set(action, verdict.status, error=verdict.reason))
        try:
            action = await self._set(action, ActionStatus.IN_PROGRESS)
        except ConflictError:
            return Attempt(await self._get(action_id))
        handler = kind.handler
        try:
            if handler.check is not None:
                await handler.check(ctx)
            found = await handler.find(ctx) if interrupted and handler.find else None
            if found is None and interrupted and handler.find is None and not handler.repeatable:
                reason = "interrupted after it may have been delivered; not repeated"
                return Attempt(await self._set(action, ActionStatus.FAILED, error=reason))
            response = found if found is not None else await handler.perform(ctx)
        except Exception as exc:
            verdict = channel.judge(exc) or _payload_error(exc)
            if verdict is None:
                raise
            return await self._judged(action, verdict)
        return Attempt(await self._finish(action, {**response, "reconciled": found is not None}))

    async def _judged(self, action: Action, verdict: Verdict) -> Attempt:
        if verdict.status != ActionStatus.PENDING:
            return Attempt(await self._set(action, verdict.status, error=verdict.reason))
        if action.attempts >= self.max_attempts:
            return Attempt(await self._set(action, ActionStatus.FAILED, error=verdict.reason))
        logger.info(
            "outbox: action %s (%s) will be retried: %s", action.id, action.kind, verdict.reason
        )
        updated = await self._set(action, ActionStatus.PENDING, error=verdict.reason)
        return Attempt(updated, verdict.retry_after or 0.0)

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
        elif status == ActionStatus.FAILED:
            logger.warning("outbox: action %s (%s) failed: %s", action.id, action.kind, error)
        return updated


def _payload_error(error: Exception) -> Verdict | None:
    if isinstance(error, PAYLOAD_ERRORS):
        return Verdict(ActionStatus.FAILED, f"{type(error).__name__}: {error}")
    return None
