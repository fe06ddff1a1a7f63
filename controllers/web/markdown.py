"""Rendering entry bodies as markdown, safely: raw HTML is escaped, unsafe links are dropped.

markdown-it's ``js-default`` preset has ``html`` off (``<script>`` in a body shows as text) and
validates link targets (no ``javascript:`` or ``data:`` URLs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})


def render(text: str) -> Markup:
    """HTML for ``text``; safe to insert into a template unescaped."""
    return Markup(_md.render(text))  # noqa: S704 (markdown-it with html disabled escapes input)


def is_markdown(meta: Mapping[str, Any]) -> bool:
    """Whether an entry's text is markdown: anything but a document ingested as another format
    (code, reStructuredText, plain text), whose passages keep their line breaks as written."""
    return bool(meta.get("format", "markdown") == "markdown")
