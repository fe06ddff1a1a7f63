"""Which group messages a bot acts on, and token redaction (pure functions, no network)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram import Message

from controllers.telegram.intake import Intent, read_message
from controllers.telegram.redact import REDACTED, install, redact
from controllers.telegram.settings import TelegramSettings

BOT_ID = 7000


def _message(text: str, entities: list[dict[str, Any]] | None = None, **extra: Any) -> Message:
    data: dict[str, Any] = {
        "message_id": 1,
        "date": 1700000000,
        "chat": {"id": -1, "type": "group"},
        "from": {"id": 5, "is_bot": False, "first_name": "alice"},
        "text": text,
        **extra,
    }
    if entities:
        data["entities"] = entities
    message = Message.de_json(data, None)
    assert message is not None
    return message


def _command(text: str) -> Message:
    return _message(text, [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}])


def test_commands_mentions_and_replies() -> None:
    ask = read_message(_command("/ask@researcher_bot why?"), "researcher", "researcher_bot", BOT_ID)
    assert ask is not None and (ask.intent, ask.text, ask.addressed) == (
        Intent.QUESTION, "why?", "researcher"
    )  # fmt: skip
    bare = read_message(_command("/goal ship it"), "planner", "planner_bot", BOT_ID)
    assert bare is not None and (bare.intent, bare.addressed) == (Intent.GOAL, None)
    assert (
        read_message(_command("/ask@planner_bot x"), "researcher", "researcher_bot", BOT_ID) is None
    )
    assert read_message(_command("/ask"), "researcher", "researcher_bot", BOT_ID) is None
    assert read_message(_command("/start"), "researcher", "researcher_bot", BOT_ID) is None
    status = read_message(_command("/status"), "researcher", "researcher_bot", BOT_ID)
    assert status is not None and status.intent is Intent.STATUS
    mention = _message(
        "hey @Researcher_Bot, what is SAQ?", [{"type": "mention", "offset": 4, "length": 15}]
    )
    got = read_message(mention, "researcher", "researcher_bot", BOT_ID)
    assert got is not None and (got.text, got.addressed) == ("hey what is SAQ?", "researcher")
    reply = _message(
        "and the retries?",
        reply_to_message={
            "message_id": 0,
            "date": 1700000000,
            "chat": {"id": -1, "type": "group"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "r"},
            "text": "earlier answer",
        },
    )
    assert read_message(reply, "researcher", "researcher_bot", BOT_ID) is not None
    assert read_message(_message("just chatting"), "researcher", "researcher_bot", BOT_ID) is None


def test_redaction_of_tokens_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    assert token not in redact(f"POST https://api.telegram.org/bot{token}/getMe")
    assert redact("https://x/botsecret-ish/getMe") == f"https://x/bot{REDACTED}/getMe"
    install((token,))
    caplog.set_level(logging.DEBUG, logger="httpx")
    logging.getLogger("httpx").info("HTTP Request: POST %s", f"https://h/bot{token}/getUpdates")
    logging.getLogger("telegram.ext.Updater").error("failed: %s", token)
    assert token not in caplog.text
    assert caplog.text.count(REDACTED) >= 2


def test_allowed_chats_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GA_TELEGRAM_ALLOWED_CHATS", "-100123, -100456")
    assert TelegramSettings().allowed_chats == frozenset({-100123, -100456})
    monkeypatch.setenv("GA_TELEGRAM_ALLOWED_CHATS", "general")
    with pytest.raises(ValueError, match="comma-separated chat ids"):
        TelegramSettings()
