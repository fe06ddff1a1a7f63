"""Rendering entry bodies as markdown, safely: raw HTML is escaped, unsafe links are dropped.

markdown-it's ``js-default`` preset has ``html`` off (``<script>`` in a body shows as text) and
validates link targets (no ``javascript:`` or ``data:`` URLs).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})


def render(text: str) -> Markup:
    """HTML for ``text``; safe to insert into a template unescaped."""
    return Markup(_md.render(text))  # noqa: S704 (markdown-it with html disabled escapes input)
