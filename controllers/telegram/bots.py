"""One PTB ``Application`` per soul with a token: built, given its handler, started, stopped.

Every bot has PTB's ``AIORateLimiter`` (Telegram's flood limits) and the configured
``base_url``. Messages from chats outside the allowlist are logged and dropped; addressed
messages become board entries, and ``/status`` and ``/tasks`` are answered from the board. Every
answer is a ``telegram.message`` outbox action of the bot's agent, so it is retried, audited and
sent only if the soul has the ``telegram`` right. A ``/status`` that names no bot reaches every
bot in the group; only one answers it (``status_speaker``), for the whole team.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr
from telegram import Update
from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

from blackboard.runtime import Board
from controllers.outbox.rights import right_for
from controllers.outbox.telegram_message import TELEGRAM_MESSAGE
from controllers.telegram.board_io import ChatMessage, queue_reply, record, status_text, tasks_text
from controllers.telegram.intake import Intake, Intent, read_message
from controllers.telegram.settings import TelegramSettings
from knowledge_sources.souls import Soul

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
SPEAKS = right_for(TELEGRAM_MESSAGE) or "telegram"


@dataclass
class AgentBot:
    """A soul's bot: its PTB application and what it needs to handle messages."""

    soul: Soul
    application: AnyApplication
    board: Board
    settings: TelegramSettings
    peers: Mapping[str, AgentBot] = field(default_factory=dict)
    """Every bot running beside this one (itself included), by agent."""
    received: int = 0
    ignored: int = 0

    @property
    def agent(self) -> str:
        return self.soul.name

    @property
    def team(self) -> Mapping[str, AgentBot]:
        return self.peers or {self.agent: self}

    async def on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle one message: allowlist, addressing, board entry or board answer."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None:
            return
        if chat.id not in self.settings.allowed_chats:
            self.ignored += 1
            logger.warning(
                "%s bot ignored a message from chat %s (%s): not in GA_TELEGRAM_ALLOWED_CHATS",
                self.agent,
                chat.id,
                chat.type,
            )
            return
        bot = self.application.bot
        intake = read_message(message, self.agent, bot.username, bot.id)
        if intake is None:
            return
        self.received += 1
        user = message.from_user
        origin = ChatMessage(
            chat_id=chat.id,
            message_id=message.message_id,
            user_id=user.id if user else 0,
            username=(user.username or user.full_name) if user else "unknown",
            bot=self.agent,
        )
        if intake.intent is Intent.STATUS and intake.addressed is None:
            if status_speaker(self.team) != self.agent:
                return  # another bot answers a /status that names none
            lines = [
                await status_text(self.board, name, peer.soul.role)
                for name, peer in sorted(self.team.items())
            ]
            await queue_reply(self.board, origin, "\n".join(lines))
            return
        if intake.intent in (Intent.STATUS, Intent.TASKS):
            text = (
                await status_text(self.board, self.agent, self.soul.role)
                if intake.intent is Intent.STATUS
                else await tasks_text(self.board, self.agent)
            )
            await queue_reply(self.board, origin, text)
            return
        if intake.refused is not None:
            await self._refuse(intake, origin)
            return
        entry = await record(self.board, intake, origin)
        if entry is not None:
            logger.info(
                "%s bot: %s from chat %s is board entry %s",
                self.agent,
                intake.intent,
                chat.id,
                entry.id,
            )

    async def _refuse(self, intake: Intake, origin: ChatMessage) -> None:
        """Tell the sender why the message was not stored (one bot, when none was named)."""
        if intake.addressed is None and status_speaker(self.team) != self.agent:
            return
        logger.warning(
            "%s bot refused a message in chat %s: %s", self.agent, origin.chat_id, intake.refused
        )
        await queue_reply(self.board, origin, f"Not stored: the message {intake.refused}.")


def status_speaker(team: Mapping[str, AgentBot]) -> str | None:
    """The one bot that answers a bare ``/status``: the first agent by name that may speak."""
    return min((name for name, bot in team.items() if bot.soul.may(SPEAKS)), default=None)


def build_bot(
    soul: Soul,
    token: SecretStr,
    board: Board,
    settings: TelegramSettings,
    peers: Mapping[str, AgentBot] | None = None,
) -> AgentBot:
    """The soul's application (not started); ``peers``: the bots running beside it."""
    builder = (
        Application.builder()
        .token(token.get_secret_value())
        .base_url(settings.base_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
    )
    if settings.mode == "webhook":
        builder = builder.updater(None)
    application = builder.build()
    agent_bot = AgentBot(soul, application, board, settings, peers if peers is not None else {})
    application.add_handler(
        MessageHandler(
            (filters.TEXT | filters.CAPTION) & ~filters.UpdateType.EDITED, agent_bot.on_message
        )
    )
    return agent_bot


async def start_bot(agent_bot: AgentBot, settings: TelegramSettings) -> None:
    """Initialise (``getMe``), start, and begin polling or register the webhook."""
    application = agent_bot.application
    await application.initialize()
    await application.start()
    if settings.mode == "webhook":
        secret = settings.webhook_secret
        await application.bot.set_webhook(
            url=f"{settings.webhook_url}/telegram/webhook/{agent_bot.agent}",
            secret_token=secret.get_secret_value() if secret else None,
            allowed_updates=ALLOWED_UPDATES,
        )
    elif application.updater is not None:
        await application.updater.start_polling(
            poll_interval=settings.poll_interval_s,
            timeout=settings.poll_timeout_s,
            allowed_updates=ALLOWED_UPDATES,
        )
    logger.info(
        "%s bot started (@%s, %s)", agent_bot.agent, application.bot.username, settings.mode
    )


async def stop_bot(agent_bot: AgentBot) -> None:
    """Stop polling and the application; safe on a bot that failed half-way through start."""
    application = agent_bot.application
    try:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
    finally:
        await application.shutdown()
