"""The board scans a soul's schedule may name: each a query for entries that wait for work.

A scan says only what waits; the runner (``runner.py``) leaves out what a scan found before
(one task per entry and scan, ever) and what someone is working on already.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, String, and_, case, cast, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from blackboard.models import Entry, Link, Task
from blackboard.models.vocabulary import EntryKind, EntryStatus, LinkKind, TaskStatus
from knowledge_sources.souls.schedule import ScanName
from knowledge_sources.triager.history import RECORD_TAG

NOTHING_FOUND = "nothing_found"
"""``meta.written_by`` of a research note whose search found nothing that answers."""


@dataclass(frozen=True)
class Scan:
    """A scan: what its tasks say they are for, and the query for the entries it finds."""

    what: str
    query: Callable[[], Select[tuple[Entry]]]


def _open(kind: EntryKind) -> Select[tuple[Entry]]:
    return select(Entry).where(Entry.kind == kind, Entry.status == EntryStatus.OPEN)


def _answered(entry_id: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[bool]:
    return exists().where(Link.target_id == entry_id, Link.kind == LinkKind.ANSWERS)


def _finished_task_on(
    entry_id: ColumnElement[int] | InstrumentedAttribute[int],
) -> ColumnElement[bool]:
    return exists().where(Task.entry_id == entry_id, Task.status == TaskStatus.DONE)


def untriaged_issues() -> Select[tuple[Entry]]:
    """Open issues without labels and without a triage record (the triager's own rule for an
    issue it has never seen: ``knowledge_sources/triager/history.py``)."""
    record = aliased(Entry)
    labels = Entry.meta["labels"]
    label_count = case(
        (func.jsonb_typeof(labels) == "array", func.jsonb_array_length(labels)), else_=0
    )
    triaged = exists().where(
        record.kind == EntryKind.CONTRIBUTION,
        record.tags.contains([RECORD_TAG]),
        record.meta["issue"].astext == cast(Entry.id, String),
    )
    return _open(EntryKind.GITEA_ISSUE).where(label_count == 0, ~triaged)


def unanswered_questions() -> Select[tuple[Entry]]:
    """Open questions that no entry ``answers``."""
    return _open(EntryKind.QUESTION).where(~_answered(Entry.id))


def goals_without_plan() -> Select[tuple[Entry]]:
    """Open goals that no task has finished on (nobody planned them)."""
    return _open(EntryKind.GOAL).where(~_finished_task_on(Entry.id))


def unreviewed_pulls() -> Select[tuple[Entry]]:
    """Open pull requests that no task has finished on (nobody reviewed them)."""
    return _open(EntryKind.GITEA_PULL).where(~_finished_task_on(Entry.id))


def open_problems() -> Select[tuple[Entry]]:
    """Open problems that no task has finished on and nothing answers."""
    return _open(EntryKind.OPEN_PROBLEM).where(~_finished_task_on(Entry.id), ~_answered(Entry.id))


def missing_docs() -> Select[tuple[Entry]]:
    """Questions whose research note found nothing in the board's documents: the docs lack
    what people ask."""
    note = aliased(Entry)
    empty_note = exists().where(
        Link.target_id == Entry.id,
        Link.kind == LinkKind.ANSWERS,
        and_(
            note.id == Link.source_id,
            note.kind == EntryKind.RESEARCH_NOTE,
            note.meta["written_by"].astext == NOTHING_FOUND,
        ),
    )
    return select(Entry).where(
        Entry.kind == EntryKind.QUESTION, Entry.status != EntryStatus.GONE, empty_note
    )


SCANS: dict[ScanName, Scan] = {
    ScanName.UNTRIAGED_ISSUES: Scan("an issue nobody triaged", untriaged_issues),
    ScanName.UNANSWERED_QUESTIONS: Scan("a question nobody answered", unanswered_questions),
    ScanName.GOALS_WITHOUT_PLAN: Scan("a goal without a plan", goals_without_plan),
    ScanName.UNREVIEWED_PULLS: Scan("a pull request without a review", unreviewed_pulls),
    ScanName.OPEN_PROBLEMS: Scan("an open problem nobody worked on", open_problems),
    ScanName.MISSING_DOCS: Scan(
        "a question the docs could not answer (write the missing docs)", missing_docs
    ),
}
"""Every scan by name (one per ``ScanName``)."""
