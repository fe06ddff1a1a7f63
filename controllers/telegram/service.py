"""The Telegram bots as a background service of ``up``: every soul with a token gets its bot.

Replies go out through the outbox (``telegram.message``); ``TelegramService.bot_for`` is how
the outbox gets the sending bot of an agent.

Without any token set the service does nothing. Webhook mode needs ``GA_TELEGRAM_WEBHOOK_URL``
and ``GA_TELEGRAM_WEBHOOK_SECRET``. A bot that cannot start (wrong token, API unreachable) is
logged, without its token, and the others run on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping

from telegram import Bot

from blackboard.errors import BoardError
from blackboard.runtime import Board
from controllers.telegram import redact
from controllers.telegram.bots import SPEAKS, AgentBot, build_bot, start_bot, stop_bot
from controllers.telegram.registry import RUNNING
from controllers.telegram.replies import AnswerWatcher
from controllers.telegram.settings import TelegramSettings
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)


class TelegramService:
    """Start with ``await service.start()``, stop with ``await service.stop()``."""

    def __init__(
        self,
        board: Board,
        souls: Mapping[str, Soul],
        settings: TelegramSettings,
        gitea_url: str = "",
    ) -> None:
        self.board = board
        self.souls = dict(souls)
        self.settings = settings
        self.gitea_url = gitea_url
        self.bots: dict[str, AgentBot] = {}
        self.watcher: AnswerWatcher | None = None
        self._watch_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start every configured bot and the answer watcher."""
        tokens = {
            name: token
            for name, soul in self.souls.items()
            if soul.enabled and (token := soul.telegram_token()) is not None
        }
        if not tokens:
            logger.info("telegram: no bot token variable is set; no bots started")
            return
        settings = self.settings
        if settings.mode == "webhook" and (not settings.webhook_url or not settings.webhook_secret):
            raise BoardError(
                "telegram webhook mode needs GA_TELEGRAM_WEBHOOK_URL and GA_TELEGRAM_WEBHOOK_SECRET"
            )
        if not settings.allowed_chats:
            logger.warning("telegram: GA_TELEGRAM_ALLOWED_CHATS is empty; every chat is ignored")
        redact.install(tuple(t.get_secret_value() for t in tokens.values()))
        for name, token in tokens.items():
            agent_bot = build_bot(self.souls[name], token, self.board, settings, self.bots)
            try:
                await start_bot(agent_bot, settings)
            except Exception as exc:
                logger.error(
                    "telegram: %s bot did not start: %s",
                    name,
                    redact.redact(str(exc), (token.get_secret_value(),)),
                )
                with contextlib.suppress(Exception):
                    await stop_bot(agent_bot)
                continue
            self.bots[name] = agent_bot
            RUNNING[name] = agent_bot
        self.watcher = AnswerWatcher(
            self.board,
            {  # only agents whose soul may speak answer in the chat
                name: b.application.bot for name, b in self.bots.items() if b.soul.may(SPEAKS)
            },
            settings,
            self.gitea_url,
        )
        self._watch_task = asyncio.create_task(self.watcher.run(), name="telegram-answers")
        await self.watcher.ready.wait()

    def bot_for(self, agent: str) -> Bot | None:
        """The sending bot of ``agent`` while it runs (the outbox's ``BotProvider``)."""
        running = self.bots.get(agent)
        return running.application.bot if running is not None else None

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The bots as a background service of ``up``: started, and stopped on exit."""
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def stop(self) -> None:
        """Stop the watcher and every bot."""
        if self._watch_task is not None:
            self._watch_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._watch_task
            self._watch_task = None
        for name, agent_bot in list(self.bots.items()):
            RUNNING.pop(name, None)
            try:
                await stop_bot(agent_bot)
            except Exception as exc:
                logger.warning(
                    "telegram: %s bot did not stop cleanly: %s", name, redact.redact(str(exc))
                )
        self.bots.clear()
