"""The repository's label set as the board's mirror stores it, grouped for constrained choice.

Labels come only from ``gitea_label`` entries of the issue's repository (``meta.repo``), so the
triager can never pick a name the repository does not have. Scoped names (``kind/bug``,
``priority::high``, ``area: api``) form one group per scope, from which at most one label is
chosen; unscoped names form the group ``label``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.runtime import Board

UNSCOPED = "label"
_SCOPED = re.compile(r"^\s*([^/:]+?)\s*(?:::|/|:)\s*(\S.*)$")


@dataclass(frozen=True)
class Label:
    """One label of a repository: its name, Gitea id and description (untrusted text)."""

    name: str
    gitea_id: int
    description: str = ""


def scope(name: str) -> str:
    """``kind/bug`` -> ``kind``; an unscoped name -> ``label``."""
    match = _SCOPED.match(name)
    return match.group(1).strip().lower() if match else UNSCOPED


def groups(labels: list[Label]) -> dict[str, list[Label]]:
    """Labels by scope, scopes and labels in name order."""
    grouped: dict[str, list[Label]] = {}
    for label in sorted(labels, key=lambda lab: lab.name.lower()):
        grouped.setdefault(scope(label.name), []).append(label)
    return dict(sorted(grouped.items()))


async def repo_labels(board: Board, repo: str) -> list[Label]:
    """The labels the mirror holds for ``repo`` (none: the repository has no labels yet)."""
    async with board.sessions() as session:
        rows = await session.scalars(
            select(Entry).where(
                Entry.kind == EntryKind.GITEA_LABEL,
                Entry.status != EntryStatus.GONE,
                Entry.meta["repo"].astext == repo,
            )
        )
        found = [
            Label(e.title, int(e.meta["gitea_id"]), e.body)
            for e in rows
            if isinstance(e.meta.get("gitea_id"), int)
        ]
    return sorted(found, key=lambda lab: lab.name.lower())
