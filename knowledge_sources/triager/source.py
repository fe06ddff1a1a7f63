"""The triager's contribute step: one task per new or reopened issue (or a ``/triage`` ask).

It reads the repository's labels and the earlier issues from the board, decides by constrained
choice (``decide``), and returns: the ``gitea.labels.add`` and ``gitea.comment.create`` actions
(checked against the soul's rights and the task's repository when applied; a soul without the
``label`` right has its task refused, and the task's error says so), a ``duplicates`` link from
the issue to each confirmed duplicate, and a triage record (a ``contribution`` entry tagged
``triage``) whose ``meta.decisions`` lists every decision with its options and reason.
An issue triaged before is left alone unless a person asked (``history.why_again``). Any other
entry its triggers bring (a pull request, a plain comment, an issue without a repository), and
an issue with neither labels to choose from nor duplicate candidates (a repository with no
labels on the board), is worked on as the generalist would: read, and maybe handed on.
"""

from __future__ import annotations

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import (
    Contribution,
    Decision,
    LinkSpec,
    NewAction,
    NewEntry,
    NewLink,
)
from knowledge_sources.generalist import GeneralistSource
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context
from knowledge_sources.triager.comment import render_comment
from knowledge_sources.triager.decide import Triage, triage
from knowledge_sources.triager.duplicates import find_candidates
from knowledge_sources.triager.history import RECORD_TAG, why_again
from knowledge_sources.triager.issue import Issue
from knowledge_sources.triager.labels import repo_labels

NOT_NOW = "not triaged"


class TriagerSource:
    """Labels an issue from its repository's set, finds its duplicates, comments once."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        issue_entry = await _issue_of(context, entry)
        if issue_entry is None:  # a pull request, a comment, a note: the generalist's work
            return await GeneralistSource(self.soul).contribute(context, entry)
        go, why = await why_again(
            context.board, issue_entry, context.task, frozenset(context.teammates)
        )
        if not go:
            return [Decision(NOT_NOW, f"{why}; comment /triage on the issue to ask")]
        issue = Issue.of(issue_entry)
        await context.report("reading labels and earlier issues")
        labels = await repo_labels(context.board, issue.repo)
        candidates = await find_candidates(context.board, issue)
        if not labels and not candidates:  # nothing to choose from: read and route it instead
            return await GeneralistSource(self.soul).contribute(context, entry)
        await context.report("deciding")
        result = await triage(
            context.model, self.soul.personality, issue, labels, candidates, context.patterns
        )
        return _contributions(issue, issue_entry, result, why)


async def _issue_of(context: Context, entry: Entry | None) -> Entry | None:
    """The issue entry: the task's own, or the issue a ``/triage`` comment is on."""
    if entry is not None and entry.kind == EntryKind.GITEA_COMMENT and entry.parent_id:
        async with context.board.sessions() as session:
            entry = await session.get(Entry, entry.parent_id)
    if entry is None or entry.kind != EntryKind.GITEA_ISSUE:
        return None
    meta = entry.meta
    ok = isinstance(meta.get("repo"), str) and isinstance(meta.get("number"), int)
    return entry if ok else None


def _contributions(issue: Issue, entry: Entry, result: Triage, why: str) -> list[Contribution]:
    comment = render_comment(result, why)
    out: list[Contribution] = [
        NewEntry(
            entry=EntryIn(
                kind=EntryKind.CONTRIBUTION,
                title=f"Triage of {issue.repo}#{issue.number}"[:500],
                body=comment,
                parent_id=entry.id,
                tags=[RECORD_TAG, f"repo:{issue.repo}"[:100]],
                meta={
                    "issue": entry.id,
                    "issue_status": entry.status,
                    "why": why,
                    "labels": [lab.name for lab in result.labels],
                    "duplicates": [d.issue.number for d in result.duplicates],
                    "decisions": [d.as_meta() for d in result.decisions],
                },
            ),
            links=(LinkSpec(kind=LinkKind.REFINES, target_id=entry.id),),
        )
    ]
    out += [
        NewLink(entry.id, d.issue.entry_id, LinkKind.DUPLICATES)
        for d in result.duplicates
        if d.issue.entry_id is not None
    ]
    if result.labels:
        out.append(
            NewAction(
                kind="gitea.labels.add",
                key="labels",
                target=issue.repo,
                payload={"index": issue.number, "labels": [lab.gitea_id for lab in result.labels]},
            )
        )
    out.append(
        NewAction(
            kind="gitea.comment.create",
            key="comment",
            target=issue.repo,
            payload={"index": issue.number, "body": comment},
        )
    )
    return out
