"""Keeping bot tokens out of logs.

httpx logs every request URL at INFO, and Bot API URLs contain the token
(``.../bot<TOKEN>/getUpdates``); PTB's own loggers may repeat such URLs in errors. A filter on
those loggers rewrites any token-shaped text, and httpx is held at WARNING unless set lower on
purpose.
"""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
_BOT_URL = re.compile(r"(/bot)[^/\s]+(/)")
REDACTED = "<redacted>"
LOGGERS = ("httpx", "httpcore", "telegram")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` without bot tokens (token-shaped strings, ``/bot<x>/`` URL parts, ``secrets``)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _BOT_URL.sub(rf"\1{REDACTED}\2", text)
    return _TOKEN.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """Rewrites a record's message so no token survives; keeps the record."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self.secrets)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text = redact(str(exc), self.secrets)
            if text != str(exc):
                record.exc_info = None
                record.exc_text = None
                record.msg = f"{record.msg} ({type(exc).__name__}: {text})"
        return True


def install(secrets: tuple[str, ...] = ()) -> RedactTokens:
    """Add the filter to httpx's and every PTB logger (they exist once PTB is imported)."""
    import telegram.ext  # noqa: F401 (creates PTB's loggers, so they get the filter too)

    flt = RedactTokens(secrets)
    names = [
        name
        for name in logging.root.manager.loggerDict
        if name in LOGGERS or name.startswith(tuple(f"{p}." for p in LOGGERS))
    ]
    for name in {*LOGGERS, *names}:
        logger = logging.getLogger(name)
        logger.filters = [f for f in logger.filters if not isinstance(f, RedactTokens)]
        logger.addFilter(flt)
    httpx_logger = logging.getLogger("httpx")
    if httpx_logger.level == logging.NOTSET or httpx_logger.level == logging.INFO:
        httpx_logger.setLevel(logging.WARNING)
    return flt
