"""A person's correction of an agent's label decision, seen when an issue's labels change.

An agent that decides an issue's labels leaves a record on the board (the triager's triage
record): an entry under the issue (``parent_id``) whose ``meta.decisions`` lists each decision
with its ``options`` and the ``chosen`` one. When the mirror (a sync or a webhook) stores an
issue whose labels differ from the stored copy, a change that contradicts the newest record
that offered one of the changed labels is a correction: a label it chose that is gone
(``removed``), or a label now there that a decision offered but did not choose (``added``).
Each is added to that decision's ``feedback`` with who (a webhook's sender; a sync cannot tell:
Gitea's issue does not say), when Gitea says the issue changed and when the mirror saw it, so
the web view and the API show the decision with its correction. A label the agent chose
appearing (the outbox applying it) is no correction; the same correction seen twice (a
replayed webhook) is recorded once.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.errors import ConflictError
from blackboard.models import Entry
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryPatch
from blackboard.services.entries import EntryService

REMOVED, ADDED = "removed", "added"
MAX_RECORDS = 50
"""The newest records under an issue searched for the decision a label change corrects."""


async def record_label_feedback(
    board: Board,
    issue_id: int,
    before: Sequence[str],
    after: Sequence[str],
    at: str | None,
    by: str | None = None,
) -> int:
    """How many corrections of the newest label decisions on issue ``issue_id`` its label
    change from ``before`` to ``after`` (at ``at``, Gitea's time; by ``by`` when a webhook's
    sender says who) makes; each is recorded."""
    removed = [label for label in before if label not in after]
    added = [label for label in after if label not in before]
    if not removed and not added:
        return 0
    for _ in range(3):  # the record may change meanwhile (optimistic locking): read again
        async with board.sessions() as session:
            record = await _newest_record(session, issue_id, {*removed, *added})
            if record is None:
                return 0
            decisions, found = _with_feedback(record.meta["decisions"], removed, added, at, by)
            if not found:
                return 0
            service = EntryService(session, await board.embedder())
            try:
                meta = {**record.meta, "decisions": decisions}
                await service.update(record.id, EntryPatch(version=record.version, meta=meta))
            except ConflictError:
                continue
            return found
    return 0


async def _newest_record(session: AsyncSession, issue_id: int, labels: set[str]) -> Entry | None:
    """The newest record under the issue with a decision that offered one of ``labels`` (a
    contribution's choice of what to do is no label decision)."""
    records = await session.scalars(
        select(Entry)
        .where(Entry.parent_id == issue_id, Entry.meta.has_key("decisions"))
        .order_by(Entry.id.desc())
        .limit(MAX_RECORDS)
    )
    for record in records:
        decisions = record.meta.get("decisions")
        if isinstance(decisions, list) and any(
            isinstance(d, dict) and labels & set(_strings(d.get("options"))) for d in decisions
        ):
            return record
    return None


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _with_feedback(
    decisions: list[Any], removed: list[str], added: list[str], at: str | None, by: str | None
) -> tuple[list[Any], int]:
    """The decisions with each correction appended to its ``feedback``, and how many were new."""
    seen_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    found = 0
    out: list[Any] = []
    for decision in decisions:
        if not isinstance(decision, dict):
            out.append(decision)
            continue
        options = _strings(decision.get("options"))
        chosen = decision.get("chosen")
        changes = [(REMOVED, label) for label in removed if label == chosen]
        changes += [(ADDED, label) for label in added if label in options and label != chosen]
        feedback = list(decision.get("feedback") or [])
        for change, label in changes:
            if any(
                f.get("change") == change and f.get("label") == label and f.get("at") == at
                for f in feedback
                if isinstance(f, dict)
            ):
                continue
            feedback.append(
                {"change": change, "label": label, "by": by, "at": at, "seen_at": seen_at}
            )
            found += 1
        out.append({**decision, "feedback": feedback} if feedback else decision)
    return out, found
