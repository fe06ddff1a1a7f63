"""Deciding what a group message asks of a bot: nothing, a goal, a question, status or tasks.

A bot acts on a message only when it is addressed: a command (``/ask``, ``/goal``, ``/status``,
``/tasks``, optionally ``/ask@this_bot``), a mention of the bot, or a reply to one of its
messages. A bare command in a group reaches every bot; ``addressed`` then stays ``None`` and
the team's triggers decide who works on it. A message whose text PostgreSQL could not store (a
NUL byte) carries the reason in ``refused``: the bot says so in the chat instead of storing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from telegram import Message, MessageEntity

from blackboard.schemas.limits import refused_text


class Intent(StrEnum):
    """What the person wants."""

    GOAL = "goal"
    QUESTION = "question"
    STATUS = "status"
    TASKS = "tasks"


COMMANDS = {
    "goal": Intent.GOAL,
    "ask": Intent.QUESTION,
    "status": Intent.STATUS,
    "tasks": Intent.TASKS,
}


@dataclass(frozen=True)
class Intake:
    """An addressed message: the intent, its text, the agent named (if one was), and why it
    cannot be stored (``None`` when it can)."""

    intent: Intent
    text: str
    addressed: str | None
    refused: str | None = None


def read_message(message: Message, agent: str, bot_username: str, bot_id: int) -> Intake | None:
    """The intake for the bot of ``agent``, or ``None`` when the message is not for it."""
    intake = _addressed(message, agent, bot_username, bot_id)
    if intake is None:
        return None
    reason = refused_text(intake.text)
    return intake if reason is None else Intake(intake.intent, "", intake.addressed, reason)


def _addressed(message: Message, agent: str, bot_username: str, bot_id: int) -> Intake | None:
    text = (message.text or message.caption or "").strip()
    if not text:
        return None
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    for entity, value in entities.items():
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return _command(value, text[entity.length :].strip(), agent, bot_username)
    mention = f"@{bot_username}".lower()
    mentioned = any(
        entity.type == MessageEntity.MENTION and value.lower() == mention
        for entity, value in entities.items()
    ) or (not entities and mention in text.lower())
    replied = (
        message.reply_to_message is not None
        and message.reply_to_message.from_user is not None
        and message.reply_to_message.from_user.id == bot_id
    )
    if not (mentioned or replied):
        return None
    cleaned = _strip_mention(text, bot_username)
    if not cleaned:
        return None
    return Intake(Intent.QUESTION, cleaned, agent)


def _command(command: str, rest: str, agent: str, bot_username: str) -> Intake | None:
    name, _, target = command.lstrip("/").partition("@")
    if target and target.lower() != bot_username.lower():
        return None  # addressed to another bot in the group
    intent = COMMANDS.get(name.lower())
    if intent is None:
        return None
    if intent in (Intent.GOAL, Intent.QUESTION) and not rest:
        return None
    return Intake(intent, rest, agent if target else None)


def _strip_mention(text: str, bot_username: str) -> str:
    """``text`` without the bot's ``@name`` (and a comma or colon right after it)."""
    pattern = re.compile(rf"@{re.escape(bot_username)}\b[,:]?\s*", re.IGNORECASE)
    return " ".join(pattern.sub(" ", text).split()).strip(" ,:")
