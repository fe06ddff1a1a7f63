"""Webhook mode: Telegram POSTs updates to ``/telegram/webhook/<agent>`` on the Litestar app.

Telegram sends the secret given at ``setWebhook`` in ``X-Telegram-Bot-Api-Secret-Token``; it is
compared in constant time, and anything without the right one is refused with 403 before the
body is read. The route is public to the bearer-token guard: the secret is its authentication.
A body that is not a JSON Telegram update is refused with 400.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from litestar import Request, post
from litestar.exceptions import (
    PermissionDeniedException,
    SerializationException,
    ValidationException,
)
from litestar.params import FromPath
from telegram import Update

from controllers.telegram.registry import RUNNING

logger = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 (a header name)


@post("/telegram/webhook/{agent:str}", status_code=200, include_in_schema=False)
async def telegram_webhook(
    agent: FromPath[str], request: Request[Any, Any, Any]
) -> dict[str, bool]:
    """Hand one update to the agent's running bot."""
    bot = RUNNING.get(agent)
    secret = bot.settings.webhook_secret if bot is not None else None
    presented = request.headers.get(SECRET_HEADER, "")
    if (
        bot is None
        or secret is None
        or not hmac.compare_digest(presented.encode(), secret.get_secret_value().encode())
    ):
        logger.warning("refused a Telegram webhook call for %r: wrong or missing secret", agent)
        raise PermissionDeniedException("wrong or missing X-Telegram-Bot-Api-Secret-Token")
    try:
        data = await request.json()
        if not isinstance(data, dict):
            raise TypeError("the body is not a JSON object")
        update = Update.de_json(data, bot.application.bot)
    except (ValueError, TypeError, KeyError, SerializationException, RecursionError) as exc:
        raise ValidationException(f"not a Telegram update ({type(exc).__name__})") from exc
    await bot.application.update_queue.put(update)
    return {"ok": True}
