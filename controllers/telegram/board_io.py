"""What the bots write to and read from the board.

A goal or question from the chat becomes an entry whose ``source_uri`` names the chat message
(the same message seen by several bots is stored once) and whose ``meta["telegram"]`` says
where to answer. When a person addressed one bot, that agent also gets a task for the entry,
in the same transaction, with the control loop's dedupe key, so it is never scheduled twice.
Answers to ``/status`` and ``/tasks`` are ``telegram.message`` outbox actions of the bot's agent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from blackboard.models import Entry, Task
from blackboard.models.vocabulary import EntryKind, EntryStatus, TaskStatus
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.tasks import TaskIn
from blackboard.services.entries import EntryService
from blackboard.services.tasks import TaskService
from controllers.outbox.kinds import enqueue
from controllers.outbox.telegram_message import TELEGRAM_MESSAGE
from controllers.telegram.intake import Intake, Intent

logger = logging.getLogger(__name__)

ADDRESSED_PRIORITY = 0.9
"""A task a person asked for by name goes near the front of the agent's queue."""


@dataclass(frozen=True)
class ChatMessage:
    """Where a message came from and who wrote it."""

    chat_id: int
    message_id: int
    user_id: int
    username: str
    bot: str
    """The agent whose bot received it (and answers when no other agent does)."""

    @property
    def source_uri(self) -> str:
        return f"telegram://chat/{self.chat_id}/message/{self.message_id}"

    @property
    def author(self) -> str:
        return f"telegram:{self.username}"

    def meta(self) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "user_id": self.user_id,
            "username": self.username,
            "bot": self.bot,
        }


async def record(board: Board, intake: Intake, origin: ChatMessage) -> Entry | None:
    """Store the message as an entry (and the addressed agent's task); None if already stored."""
    kind = {Intent.GOAL: EntryKind.GOAL, Intent.QUESTION: EntryKind.QUESTION}.get(
        intake.intent, EntryKind.CHAT_MESSAGE
    )
    first_line = intake.text.splitlines()[0] if intake.text else f"/{intake.intent}"
    meta: dict[str, Any] = {"telegram": origin.meta()}
    if intake.addressed:
        meta["addressed_to"] = intake.addressed
    data = EntryIn(
        kind=kind,
        title=first_line[:500],
        body=intake.text,
        source_uri=origin.source_uri,
        author=origin.author[:200],
        tags=["telegram"],
        status=EntryStatus.OPEN if kind != EntryKind.CHAT_MESSAGE else EntryStatus.DONE,
        meta=meta,
    )
    async with board.sessions() as session:
        if await session.scalar(select(Entry.id).where(Entry.source_uri == origin.source_uri)):
            return None  # another bot in the group stored it already
        entries = EntryService(session, await board.embedder(), autocommit=False)
        try:
            entry = await entries.create(data)
            if intake.addressed and kind != EntryKind.CHAT_MESSAGE:
                await TaskService(session, autocommit=False).create(
                    TaskIn(
                        agent=intake.addressed,
                        entry_id=entry.id,
                        reason=f"asked by {origin.author} in Telegram",
                        priority=ADDRESSED_PRIORITY,
                        goal_id=entry.id if kind == EntryKind.GOAL else None,
                        created_by=origin.author[:200],
                        dedupe_key=_dedupe_key(intake.addressed, entry),
                    )
                )
            await session.commit()
        except IntegrityError:
            await session.rollback()
            return None
        return entry


def _dedupe_key(agent: str, entry: Entry) -> str:
    """The key the control loop gives the same match, so neither schedules it twice."""
    return f"{agent}:{entry.id}:{(entry.content_hash or '')[:16]}"


async def status_text(board: Board, agent: str, role: str) -> str:
    """The agent's queue in one line per state."""
    async with board.sessions() as session:
        rows = (
            await session.execute(
                select(Task.status, func.count()).where(Task.agent == agent).group_by(Task.status)
            )
        ).all()
    counts = {str(status): int(n) for status, n in rows}
    waiting = counts.get(TaskStatus.PENDING, 0) + counts.get(TaskStatus.QUEUED, 0)
    return (
        f"{agent} ({role}): {counts.get(TaskStatus.ACTIVE, 0)} active, {waiting} waiting, "
        f"{counts.get(TaskStatus.DONE, 0)} done, {counts.get(TaskStatus.FAILED, 0)} failed."
    )


async def tasks_text(board: Board, agent: str, limit: int = 10) -> str:
    """The agent's open tasks, most urgent first."""
    async with board.sessions() as session:
        rows = (
            await session.execute(
                select(Task.id, Task.status, Task.priority, Entry.title)
                .outerjoin(Entry, Entry.id == Task.entry_id)
                .where(
                    Task.agent == agent,
                    Task.status.in_([TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.ACTIVE]),
                )
                .order_by(Task.priority.desc(), Task.id)
                .limit(limit)
            )
        ).all()
    if not rows:
        return f"{agent} has no open tasks."
    lines = [f"{agent}'s open tasks:"]
    lines += [f"#{tid} [{status}] {title or '(no entry)'}" for tid, status, _, title in rows]
    return "\n".join(lines)


async def queue_reply(board: Board, origin: ChatMessage, text: str) -> None:
    """Answer ``origin`` through its bot, by the outbox (once per message and bot)."""
    await enqueue(
        board,
        key=f"telegram:reply:{origin.chat_id}:{origin.message_id}:{origin.bot}",
        kind=TELEGRAM_MESSAGE,
        target=str(origin.chat_id),
        agent=origin.bot,
        payload={"chat_id": origin.chat_id, "reply_to": origin.message_id, "text": text},
    )
