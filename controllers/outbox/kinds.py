"""The registry of action kinds the outbox performs, and recording an action once it is known.

Every kind belongs to a channel (``gitea``, ``telegram``: the part before the first dot) and
has one handler. An action of a kind not listed here is refused when it is written (API,
agents' contributions, the platform's own writes), so nothing waits for a handler that does
not exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from blackboard.errors import BoardError
from blackboard.models import Action
from blackboard.runtime import Board
from blackboard.schemas.actions import ActionIn
from blackboard.services.actions import ActionService
from controllers.outbox import gitea_actions, telegram_message
from controllers.outbox.handlers import Handler


class UnknownActionKind(BoardError):
    """An action of a kind the outbox cannot perform."""


@dataclass(frozen=True)
class ActionKind:
    """A kind's channel and handler."""

    channel: str
    handler: Handler[Any]


def _family(channel: str, handlers: Mapping[str, Handler[Any]]) -> dict[str, ActionKind]:
    return {name: ActionKind(channel, handler) for name, handler in handlers.items()}


KINDS: dict[str, ActionKind] = {
    **_family("gitea", gitea_actions.HANDLERS),
    **_family("telegram", telegram_message.HANDLERS),
}


def check_kind(kind: str) -> ActionKind:
    """The registered kind, or ``UnknownActionKind``."""
    found = KINDS.get(kind)
    if found is None:
        raise UnknownActionKind(f"unknown action kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    return found


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
    """Record an action in the outbox (the same ``key`` returns the stored action)."""
    check_kind(kind)
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
