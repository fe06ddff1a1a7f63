"""Whether a pull request is the agent's own, whether it opened one for an entry already, and
whether a comment was written by the team.

All are read from the outbox's record of what was asked and done: a ``gitea.pull.create`` action
of this soul with that head branch (or from a task on that entry), a ``gitea.comment.create``
action whose result is that comment. So a person's comment on the coder's pull request brings a
follow-up, an edited issue does not bring a second pull request, and the team's own comments
(or other people's pull requests) bring nothing.
"""

from __future__ import annotations

from sqlalchemy import func, select

from blackboard.models import Action, Task
from blackboard.models.vocabulary import ActionStatus
from blackboard.runtime import Board


async def opened_by(board: Board, agent: str, repo: str, head: str) -> bool:
    """Whether ``agent`` opened (through the outbox) a pull request from ``head`` in ``repo``."""
    query = select(func.count(Action.id)).where(
        Action.kind == "gitea.pull.create",
        Action.agent == agent,
        Action.target == repo,
        Action.payload["head"].astext == head,
    )
    async with board.sessions() as session:
        return bool(await session.scalar(query))


async def earlier_pull(board: Board, agent: str, entry_id: int) -> str | None:
    """The head branch of a pull request ``agent`` asked for in a task on ``entry_id``."""
    query = (
        select(Action.payload["head"].astext)
        .join(Task, Task.id == Action.task_id)
        .where(
            Action.kind == "gitea.pull.create",
            Action.agent == agent,
            Task.entry_id == entry_id,
        )
        .order_by(Action.id)
        .limit(1)
    )
    async with board.sessions() as session:
        head: str | None = await session.scalar(query)
    return head


async def written_by_team(board: Board, repo: str, gitea_id: object) -> bool:
    """Whether the comment with ``gitea_id`` is one the outbox wrote for the team."""
    if not isinstance(gitea_id, int):
        return False
    query = select(func.count(Action.id)).where(
        Action.kind.in_(("gitea.comment.create", "gitea.comment.edit")),
        Action.target == repo,
        Action.status == ActionStatus.DONE,
        Action.response["id"].astext == str(gitea_id),
    )
    async with board.sessions() as session:
        return bool(await session.scalar(query))
