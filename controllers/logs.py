"""Which loggers are ours, and how a CLI command shows them (``up`` logs through its app's
Litestar logging config, on the same names): ours at ``GA_LOG_LEVEL``, on stderr."""

from __future__ import annotations

import logging.config

OUR_LOGGERS = ("blackboard", "controllers", "ingest", "knowledge_sources", "litestar")
LOG_FORMAT = "%(levelname)s - %(asctime)s - %(name)s - %(module)s - %(message)s"


def show_our_logs(level: str) -> None:
    """Send our loggers' records at ``level`` and above to stderr (other loggers untouched)."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"plain": {"format": LOG_FORMAT}},
            "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
            "loggers": {
                name: {"level": level, "handlers": ["stderr"], "propagate": False}
                for name in OUR_LOGGERS
            },
        }
    )
