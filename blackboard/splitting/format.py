"""The formats a text can be split as: markdown, reStructuredText, plain text or source code."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """How a text is split."""

    MARKDOWN = "markdown"
    RST = "rst"
    TEXT = "text"
    CODE = "code"
