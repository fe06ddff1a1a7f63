"""A Gitea issue labelled as a goal becomes a goal on the board, once.

The goal entry keeps the issue's repository and number (``meta.repo``, ``meta.issue``), so the
plan's issues go to that repository and the person who opened the issue is told there when the
goal is done. It is the planner's own entry, marked ``wake_author`` so control schedules the
planner on it (an agent is otherwise not woken by what it wrote).
"""

from __future__ import annotations

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import Contribution, Decision, LinkSpec, NewEntry

GOAL_LABEL = "goal"
"""The Gitea label that makes an issue a goal (the planner soul's trigger names it too)."""


def is_goal_issue(entry: Entry) -> bool:
    """A mirrored issue labelled ``goal``, with its repository and number."""
    labels = entry.meta.get("labels") or []
    return (
        entry.kind == EntryKind.GITEA_ISSUE
        and GOAL_LABEL in labels
        and isinstance(entry.meta.get("repo"), str)
        and isinstance(entry.meta.get("number"), int)
    )


async def goal_from_issue(board: Board, issue: Entry) -> list[Contribution]:
    """The goal entry for ``issue`` (nothing when the issue has one already)."""
    async with board.sessions() as session:
        earlier = await session.scalar(
            select(Entry.id).where(
                Entry.kind == EntryKind.GOAL,
                Entry.meta["issue_entry"].astext == str(issue.id),
            )
        )
    if earlier is not None:
        return [Decision("goal exists", f"issue {issue.id} is goal {earlier} already")]
    meta = issue.meta
    return [
        NewEntry(
            entry=EntryIn(
                kind=EntryKind.GOAL,
                title=issue.title,
                body=issue.body,
                parent_id=issue.id,
                tags=["gitea-goal", f"repo:{meta['repo']}"[:100]],
                meta={
                    "repo": meta["repo"],
                    "issue": meta["number"],
                    "issue_entry": issue.id,
                    "html_url": meta.get("html_url") or issue.source_uri or "",
                    "wake_author": True,
                },
            ),
            links=(LinkSpec(kind=LinkKind.DERIVED_FROM, target_id=issue.id),),
        )
    ]
