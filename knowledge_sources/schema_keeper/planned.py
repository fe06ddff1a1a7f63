"""Planned schema changes: the open pull requests of a repository that touch migrations, as
the Gitea mirror holds them on the board."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.runtime import Board
from knowledge_sources.prompts.origins import entry_origin
from knowledge_sources.schema_keeper.trigger import migration_files

MAX_PLANNED = 20
"""The most open pull requests one note lists (the newest)."""


@dataclass(frozen=True)
class PlannedChange:
    """An open pull request of ``repo`` that changes the schema."""

    repo: str
    number: int
    title: str
    body: str
    url: str
    migrations: tuple[str, ...]
    origin: str


async def planned_changes(board: Board, repo: str) -> list[PlannedChange]:
    """The open pull requests of ``repo`` touching migrations, newest first."""
    async with board.sessions() as session:
        rows = await session.scalars(
            select(Entry)
            .where(
                Entry.kind == EntryKind.GITEA_PULL,
                Entry.status == EntryStatus.OPEN,
                Entry.meta["repo"].astext == repo,
            )
            .order_by(Entry.id.desc())
        )
        pulls = list(rows)
    planned = []
    for pull in pulls:
        files = migration_files(pull.meta.get("files") or [])
        number = pull.meta.get("number")
        if files and isinstance(number, int):
            url = str(pull.meta.get("html_url") or pull.source_uri or "")
            origin = entry_origin(pull)
            planned.append(
                PlannedChange(repo, number, pull.title, pull.body, url, tuple(files), origin)
            )
    return sorted(planned, key=lambda p: -p.number)[:MAX_PLANNED]
