"""Whether a pull request is the coder's own, and whether a comment was written by the team.

Both are read from the outbox's record of what was done: a ``gitea.pull.create`` action of this
soul with that head branch, a ``gitea.comment.create`` action whose result is that comment. So a
person's comment on the coder's pull request brings a follow-up, and the team's own comments
(or other people's pull requests) never do.
"""

from __future__ import annotations

from sqlalchemy import func, select

from blackboard.models import Action
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
