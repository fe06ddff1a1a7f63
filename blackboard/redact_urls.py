"""Credentials never leave in a URL: ``https://user:secret@host/`` -> ``https://***@host/``.

A URL setting may carry a user and password (``GA_GITEA_URL=https://bot:pw@gitea.example``).
``redact_urls`` strips them from any text (error messages, CLI output); ``install`` makes every
log record of the process go through it (a log-record factory, so httpx's request lines and
every library's messages are covered, whichever handler prints them).
"""

from __future__ import annotations

import logging
import re

MASK = "***"

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@?#]+@")


def redact_urls(text: str) -> str:
    """``text`` with the ``user:password@`` part of every URL in it replaced by ``***@``."""
    return _USERINFO.sub(rf"\1{MASK}@", text)


_installed = False


def install() -> None:
    """Redact URL credentials in every log record made from now on (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    make = logging.getLogRecordFactory()

    def redacting(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: leave it to the handler
            return record
        cleaned = redact_urls(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return record

    logging.setLogRecordFactory(redacting)
