"""Answering in the chat: follow the board, and when an entry from Telegram is answered, reply.

The watcher follows ``links`` and ``actions`` events (cursor kept in ``board_state``, so after
a restart it catches up). An ``answers`` link to an entry that came from Telegram means the
answer is ready; if a wiki page for the note is still in the outbox, the reply waits for it
(at most ``wiki_wait_s``) so it can carry the page's link. The reply is an outbox action
``telegram.message`` (idempotency key per question and note) for the bot of the agent who wrote
the answer (or the bot that received the question); the outbox sends it once, audited.
It follows ``tasks`` too: when the agent the person addressed (or whose bot received the
message) finishes its task with nothing written, the reply says what it decided and why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from telegram import Bot

from blackboard.events import BoardEvent, BoardSubscriber, StartAt
from blackboard.models import Action, Entry, Link, Task
from blackboard.models.vocabulary import ActionStatus, LinkKind, TaskStatus
from blackboard.runtime import Board
from controllers.outbox.kinds import enqueue
from controllers.outbox.telegram_message import TELEGRAM_MESSAGE
from controllers.telegram.answers import compose, compose_decision, wiki_url
from controllers.telegram.settings import TelegramSettings

logger = logging.getLogger(__name__)

CURSOR = "telegram.cursor"
WATCHED = frozenset({"links", "actions", "tasks"})
OPEN = (ActionStatus.PENDING, ActionStatus.IN_PROGRESS)


class AnswerWatcher:
    """Runs until cancelled; ``sent`` counts the replies it handed to the outbox."""

    def __init__(
        self,
        board: Board,
        bots: Mapping[str, Bot],
        settings: TelegramSettings,
        gitea_url: str = "",
    ) -> None:
        self.board = board
        self.bots = dict(bots)
        self.settings = settings
        self.gitea_url = gitea_url
        self.ready = asyncio.Event()
        self.sent = 0
        self._waiting: dict[int, asyncio.Event] = {}
        self._pending: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        """Follow the board from the stored cursor (from now on, the first time)."""
        subscriber = BoardSubscriber(
            self.board, CURSOR, WATCHED, start=StartAt.NOW, poll_interval=2.0
        )
        try:
            await subscriber.follow(self.handle, self.ready)
        finally:
            for task in self._pending:
                task.cancel()

    async def handle(self, event: BoardEvent) -> None:
        """React to one link or action write."""
        if event.table == "actions":
            waiter = self._waiting.get(event.id)
            if waiter is not None:
                waiter.set()
        elif event.table == "links" and event.op == "INSERT":
            await self.on_link(event.id)
        elif event.table == "tasks" and event.op == "UPDATE":
            await self.on_task(event.id)

    async def on_task(self, task_id: int) -> None:
        """If the asked agent's task on a Telegram entry ended with nothing written, say what
        it decided and why (once: the idempotency key is per task)."""
        async with self.board.sessions() as session:
            task = await session.get(Task, task_id)
            if task is None or task.status != TaskStatus.DONE or task.entry_id is None:
                return
            result = task.result if isinstance(task.result, dict) else {}
            if "decision" not in result:
                return
            entry = await session.get(Entry, task.entry_id)
        meta = entry.meta if entry is not None and isinstance(entry.meta, dict) else {}
        origin = meta.get("telegram")
        if entry is None or not isinstance(origin, dict):
            return
        if task.agent != (meta.get("addressed_to") or origin.get("bot")):
            return  # only the agent the person asked reports its decision, not every watcher
        agent = task.agent if task.agent in self.bots else str(origin.get("bot", ""))
        if agent not in self.bots:
            logger.warning("no running bot to tell entry %s's decision in Telegram", entry.id)
            return
        text = compose_decision(
            task.agent,
            entry,
            str(result["decision"]),
            str(result.get("why") or ""),
            self.settings.web_url,
        )
        await self._send(agent, f"telegram:decision:{task.id}", origin, text, entry.id)

    async def on_link(self, link_id: int) -> None:
        """If the link answers a question from Telegram, reply (now, or once the wiki is in)."""
        async with self.board.sessions() as session:
            link = await session.get(Link, link_id)
            if link is None or link.kind != LinkKind.ANSWERS:
                return
            question = await session.get(Entry, link.target_id)
            note = await session.get(Entry, link.source_id)
            if question is None or note is None:
                return
            origin = question.meta.get("telegram") if isinstance(question.meta, dict) else None
            if not isinstance(origin, dict):
                return
            wiki = await session.scalar(
                select(Action)
                .where(
                    Action.kind.startswith("gitea.wiki"),
                    Action.payload["note_entry_id"].as_integer() == note.id,
                )
                .order_by(Action.id.desc())
            )
            wiki_id = wiki.id if wiki is not None and wiki.status in OPEN else None
        if wiki_id is None:
            await self.answer(question.id, note.id, origin)
            return
        task = asyncio.create_task(self._after_wiki(wiki_id, question.id, note.id, origin))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _after_wiki(
        self, action_id: int, question_id: int, note_id: int, origin: dict[str, Any]
    ) -> None:
        deadline = asyncio.get_running_loop().time() + self.settings.wiki_wait_s
        event = self._waiting.setdefault(action_id, asyncio.Event())
        try:
            while (left := deadline - asyncio.get_running_loop().time()) > 0:
                async with self.board.sessions() as session:
                    action = await session.get(Action, action_id)
                    if action is None or action.status not in OPEN:
                        break
                event.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), timeout=min(left, 5.0))
            await self.answer(question_id, note_id, origin)
        except Exception:
            logger.exception("telegram answer for entry %s failed", question_id)
        finally:
            self._waiting.pop(action_id, None)

    async def answer(self, question_id: int, note_id: int, origin: dict[str, Any]) -> None:
        """Hand the reply for ``note_id`` to the outbox, once (its idempotency key)."""
        async with self.board.sessions() as session:
            note = await session.get(Entry, note_id)
        if note is None:
            return
        agent = note.author if note.author in self.bots else str(origin.get("bot", ""))
        if agent not in self.bots:
            logger.warning("no running bot to answer entry %s in Telegram", question_id)
            return
        text = compose(note, await self._wiki_link(note_id), self.settings.web_url)
        await self._send(agent, f"telegram:answer:{question_id}:{note_id}", origin, text, note_id)

    async def _send(
        self, agent: str, key: str, origin: dict[str, Any], text: str, entry_id: int
    ) -> None:
        """A reply to the message in ``origin`` as ``agent``'s bot: an outbox action (once)."""
        chat_id, reply_to = int(origin["chat_id"]), int(origin["message_id"])
        _, created = await enqueue(
            self.board,
            key=key,
            kind=TELEGRAM_MESSAGE,
            target=str(chat_id),
            agent=agent,
            payload={"chat_id": chat_id, "reply_to": reply_to, "text": text, "entry_id": entry_id},
        )
        if created:
            self.sent += 1
            logger.info("%s replies in chat %s (outbox: %s)", agent, chat_id, key)

    async def _wiki_link(self, note_id: int) -> str | None:
        async with self.board.sessions() as session:
            action = await session.scalar(
                select(Action)
                .where(
                    Action.kind.startswith("gitea.wiki"),
                    Action.payload["note_entry_id"].as_integer() == note_id,
                    Action.status == ActionStatus.DONE,
                )
                .order_by(Action.id.desc())
            )
        if action is None:
            return None
        return wiki_url(action.response or {}, action.target, self.gitea_url)
