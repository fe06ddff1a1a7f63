"""What a knowledge source gives back: new entries, links, tasks, outbox actions, a status, or a
decision.

A ``contribute`` step never writes to the board or the outside world itself; it returns these
and the worker applies them in one transaction, so a crashed step leaves nothing half-written
and a retried step produces the same outbox keys (nothing external happens twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blackboard.schemas.entries import EntryIn


@dataclass(frozen=True)
class LinkSpec:
    """A link from a contributed entry to an existing entry (e.g. ``answers``, ``cites``)."""

    kind: str
    target_id: int
    quote: str | None = None
    chunk_id: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NewEntry:
    """An entry to post, with links from it to existing entries.

    ``ref`` names it so a later ``NewAction`` in the same contribution can refer to its id.
    """

    entry: EntryIn
    links: tuple[LinkSpec, ...] = ()
    ref: str = ""


@dataclass(frozen=True)
class NewLink:
    """A link between two existing entries."""

    source_id: int
    target_id: int
    kind: str
    quote: str | None = None


@dataclass(frozen=True)
class NewTask:
    """Work for the agent itself, a named teammate, or (``agent=None``) whoever fits best."""

    reason: str
    entry_id: int | None = None
    agent: str | None = None
    priority: float = 0.5
    entry_ref: str = ""
    """Instead of ``entry_id``: the ``ref`` of a ``NewEntry`` of the same contribution."""


@dataclass(frozen=True)
class NewAction:
    """An outbox action. Its idempotency key is ``task:<task id>:<key>``: stable on retries.

    ``payload`` values of the form ``"{ref:NAME}"`` are replaced by the id of the ``NewEntry``
    with that ``ref``.
    """

    kind: str
    key: str
    target: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SetStatus:
    """A new status for the task's own entry or its goal (a plan's goal is ``done``)."""

    entry_id: int
    status: str


@dataclass(frozen=True)
class Decision:
    """What the agent decided when it adds nothing to the board (``"nothing to add"``) and why.

    Recorded on its task (``result["decision"]``, ``result["why"]``) so the people following
    the task (``ask --wait``, the web view, the chat) learn it instead of seeing no result.
    """

    decision: str
    why: str


Contribution = NewEntry | NewLink | NewTask | NewAction | SetStatus | Decision
