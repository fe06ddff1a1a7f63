"""The change an entry asks for in a repository, shared by the coder and the doc writer: its
repository, a title, the entry's text (untrusted, with its origin) and the issue it closes; or
why there is none (a closed issue, no ``meta.repo``, a pull request of ours for it already)."""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, EntryStatus
from knowledge_sources.coder.own_pull import earlier_pull
from knowledge_sources.coder.target import issue_number, one_line, repo_of
from knowledge_sources.prompts.origins import entry_origin
from knowledge_sources.source import Context


@dataclass(frozen=True)
class RepoWork:
    """Where and what: the repository, a title, the text and its origin, what it closes."""

    repo: str
    title: str
    text: str
    origin: str
    entry_id: int
    closes: int | None = None


async def repo_work(
    context: Context, entry: Entry, *, title_chars: int, text_chars: int, pull_exists: str
) -> RepoWork | str:
    """The work ``entry`` asks for, or why there is none (``pull_exists`` names the earlier
    pull request, ``{head}``, when one of ours covers it)."""
    if entry.kind == EntryKind.GITEA_ISSUE and entry.status != EntryStatus.OPEN:
        return f"the issue is {entry.status}"
    repo = repo_of(entry)
    if repo is None:
        return "the entry names no repository: put the owner/name in its meta.repo"
    if head := await earlier_pull(context.board, context.soul.name, entry.id):
        return pull_exists.format(head=head)
    return RepoWork(
        repo=repo,
        title=one_line(entry.title or entry.body, title_chars),
        text=f"{entry.title}\n\n{entry.body}"[:text_chars],
        origin=entry_origin(entry),
        entry_id=entry.id,
        closes=issue_number(entry),
    )
