"""The decisions an entry shows: the agents' recorded choices with their options, reason and
any person's correction (``feedback``).

A record of decisions is an entry whose ``meta.decisions`` lists ``{decision, options, chosen,
reason}`` (the triager's triage record; the planner and reviewer use the same shape) and, once
a person corrected one, its ``feedback`` (``ingest.gitea.mirror.feedback``). The record's own
page shows its decisions; the page of the entry it is about (its parent: the issue) shows those
of every record under it. The values are board data: read defensively, escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from blackboard.models import Entry

MAX_RECORDS = 20


@dataclass(frozen=True)
class Correction:
    """A person's change to what was decided: ``removed`` or ``added`` a label, by whom (when
    known) and when."""

    change: str
    label: str
    by: str
    at: str


@dataclass(frozen=True)
class DecisionRow:
    """One decision as a table row, with the record it is on."""

    record_id: int
    record_title: str
    decision: str
    options: list[str]
    chosen: str
    reason: str
    feedback: list[Correction]


async def decisions_about(session: AsyncSession, entry_id: int) -> list[DecisionRow]:
    """The decisions recorded on ``entry_id`` itself and on the records under it, newest
    record first."""
    records = await session.scalars(
        select(Entry)
        .where(
            or_(Entry.id == entry_id, Entry.parent_id == entry_id),
            Entry.meta.has_key("decisions"),
        )
        .order_by(Entry.id.desc())
        .limit(MAX_RECORDS)
    )
    return [row for record in records for row in _rows(record)]


def _rows(record: Entry) -> list[DecisionRow]:
    decisions = record.meta.get("decisions")
    if not isinstance(decisions, list):
        return []
    return [
        DecisionRow(
            record.id,
            record.title,
            _text(d.get("decision")),
            [_text(o) for o in d.get("options") or [] if isinstance(o, str)],
            _text(d.get("chosen")),
            _text(d.get("reason")),
            [_correction(f) for f in d.get("feedback") or [] if isinstance(f, dict)],
        )
        for d in decisions
        if isinstance(d, dict)
    ]


def _correction(feedback: dict[str, Any]) -> Correction:
    return Correction(
        _text(feedback.get("change")),
        _text(feedback.get("label")),
        _text(feedback.get("by")),
        _text(feedback.get("at")),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
