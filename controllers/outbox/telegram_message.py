"""The ``telegram.*`` family: a chat message sent through the acting agent's own bot.

``telegram.message`` payload: ``{chat_id, text, reply_to?, entry_id?}``; ``target`` is the chat
id and ``agent`` the soul whose bot speaks. The outbox gets bots from a ``BotProvider`` handed in
when it is composed (the Telegram service is one), so it never reaches into the bots' intake.
Network trouble, timeouts and flood control are retried with backoff; any other Bot API error
fails the action with the (token-free) reason. Telegram cannot list what a bot sent, so an
interrupted message is failed, never sent twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from telegram import Bot, ReplyParameters
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from blackboard.models import Action
from blackboard.models.vocabulary import ActionStatus
from controllers.outbox.handlers import JSON, ChannelUnavailable, Handler, Verdict
from controllers.telegram.redact import redact

TELEGRAM_MESSAGE = "telegram.message"


class BotProvider(Protocol):
    """Whoever runs the bots: the sending ``Bot`` of an agent, ``None`` if it has none now."""

    def bot_for(self, agent: str) -> Bot | None: ...


@dataclass
class MessageContext:
    """One message to send and the bot that sends it."""

    bot: Bot
    payload: JSON


async def _send(ctx: MessageContext) -> JSON:
    p = ctx.payload
    reply_to = p.get("reply_to")
    sent = await ctx.bot.send_message(
        chat_id=int(p["chat_id"]),
        text=str(p["text"]),
        reply_parameters=(
            ReplyParameters(message_id=int(reply_to), allow_sending_without_reply=True)
            if reply_to is not None
            else None
        ),
    )
    return {"message_id": sent.message_id}


HANDLERS: dict[str, Handler[MessageContext]] = {
    TELEGRAM_MESSAGE: Handler(_send, repeatable=False),
}


class TelegramChannel:
    """Sends through the bot the provider has for the action's agent."""

    def __init__(self, bots: BotProvider) -> None:
        self.bots = bots

    def context(self, action: Action) -> MessageContext:
        bot = self.bots.bot_for(action.agent)
        if bot is None:
            raise ChannelUnavailable(f"no running Telegram bot for {action.agent!r}")
        return MessageContext(bot, dict(action.payload))

    def judge(self, error: Exception) -> Verdict | None:
        if isinstance(error, RetryAfter):
            return Verdict(ActionStatus.PENDING, redact(str(error)), _seconds(error))
        if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            return Verdict(ActionStatus.PENDING, redact(str(error)))  # TimedOut is one too
        if isinstance(error, TelegramError):
            return Verdict(ActionStatus.FAILED, redact(f"{type(error).__name__}: {error}")[:1000])
        return None


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, datetime.timedelta) else float(value)
