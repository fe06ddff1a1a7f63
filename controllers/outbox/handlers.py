"""What every action kind provides, and what every family of kinds (a channel) provides.

A ``Handler`` performs one kind: ``check`` refuses by raising, ``find`` returns the result of
an earlier attempt that was interrupted after the outside write, ``perform`` writes. A
``Channel`` (Gitea, Telegram) turns an action row into its handlers' context and says which of
its errors are a refusal, worth a retry, or a failure. The executor does the rest, the same for
every kind.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from blackboard.models import Action
from blackboard.models.vocabulary import ActionStatus

JSON = dict[str, Any]
C = TypeVar("C")


@dataclass(frozen=True)
class Handler(Generic[C]):
    """How to do one kind of action with a context of type ``C``.

    ``repeatable``: an interrupted action with no ``find`` is simply done again (edits, label
    sets). A kind that is not repeatable and cannot be found (a chat message) is failed
    instead, so it is never delivered twice.
    """

    perform: Callable[[C], Awaitable[JSON]]
    find: Callable[[C], Awaitable[JSON | None]] | None = None
    check: Callable[[C], Awaitable[None]] | None = None
    repeatable: bool = True


class ChannelUnavailable(Exception):
    """This process cannot perform the action now (not configured, no bot): it stays pending."""


@dataclass(frozen=True)
class Verdict:
    """What an error means for the action: ``REFUSED``, ``FAILED``, or ``PENDING`` (retry)."""

    status: ActionStatus
    reason: str
    retry_after: float | None = None


class Channel(Protocol):
    """One family of kinds (``gitea``, ``telegram``) and what its handlers need."""

    def context(self, action: Action) -> Any:
        """The handlers' context; raises ``ChannelUnavailable``, or an error ``judge`` knows."""

    def judge(self, error: Exception) -> Verdict | None:
        """The verdict on an error of this channel; ``None`` for errors it does not know."""
