"""What the coder is asked to do: from a ``task`` entry, a Gitea issue labelled for it, or a
person's comment on a pull request the coder opened (a follow-up on the same branch).

Anything else, or work it cannot place (no repository named, a closed issue, a comment on
someone else's pull request or written by the team itself), comes back as the reason it is
left alone, for the task's ``Decision``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, EntryStatus
from knowledge_sources.coder.own_pull import opened_by, written_by_team
from knowledge_sources.coder.repo_work import RepoWork, repo_work
from knowledge_sources.coder.target import one_line, repo_of
from knowledge_sources.prompts.origins import entry_origin
from knowledge_sources.source import Context

MAX_TEXT_CHARS = 6000


@dataclass(frozen=True)
class CodeWork(RepoWork):
    """One change to make: where, what (untrusted text, with its origin), and what it closes.

    ``branch`` and ``pull`` are set for a follow-up: the commit goes on that pull request's
    branch, and no new pull request is opened.
    """

    branch: str | None = None
    pull: int | None = None


async def find_work(context: Context, entry: Entry | None) -> CodeWork | str:
    """The work ``entry`` asks for, or why there is none."""
    if entry is None:
        return "the task names no board entry to work on"
    if entry.kind == EntryKind.GITEA_COMMENT:
        return await _follow_up(context, entry)
    if entry.kind not in (EntryKind.TASK, EntryKind.GITEA_ISSUE):
        return (
            "the coder works on tasks, issues labelled for it and comments on its own pull "
            f"requests, not on a {entry.kind}"
        )
    work = await repo_work(
        context,
        entry,
        title_chars=200,
        text_chars=MAX_TEXT_CHARS,
        pull_exists="a pull request from {head} exists for it already; comment there to ask for "
        "changes",
    )
    return work if isinstance(work, str) else CodeWork(**asdict(work))


async def _follow_up(context: Context, comment: Entry) -> CodeWork | str:
    async with context.board.sessions() as session:
        pull = await session.get(Entry, comment.parent_id) if comment.parent_id else None
    if pull is None or pull.kind != EntryKind.GITEA_PULL:
        return "the comment is not on a pull request"
    repo, head = repo_of(pull), pull.meta.get("head")
    number = pull.meta.get("number")
    if repo is None or not isinstance(head, str) or not isinstance(number, int):
        return "the pull request's repository, number or branch is not on the board"
    if pull.status != EntryStatus.OPEN:
        return f"pull request #{number} is {pull.status}"
    if not await opened_by(context.board, context.soul.name, repo, head):
        return f"pull request #{number} was not opened by {context.soul.name}"
    if await written_by_team(context.board, repo, comment.meta.get("gitea_id")):
        return "the comment was written by the team itself"
    return CodeWork(
        repo=repo,
        title=one_line(pull.title, 200),
        text=f"Pull request #{number}: {pull.title}\n\nReview comment:\n{comment.body}"[
            :MAX_TEXT_CHARS
        ],
        origin=entry_origin(comment),
        entry_id=comment.id,
        branch=head,
        pull=number,
    )
