"""What the embedding model reads for a passage: its heading path, then its text.

The path gives a passage its context (a chunk deep in "Backups > Restore" says nothing of
backups by itself). A passage that opens its section starts with that section's own heading
line, which the path already ends with; that line is left out, so the model reads the heading
once and spends no tokens on it twice.
"""

from __future__ import annotations

import re

from blackboard.chunking import HEADING_SEPARATOR, Passage

ATX_HEADING = re.compile(r"#{1,6}[ \t]+(?P<title>.*?)[ \t]*#*[ \t]*")
UNDERLINE = re.compile(r"([=\-~^\"'`#*+:.])\1+[ \t]*")


def embedding_text(passage: Passage) -> str:
    """``heading path`` + newline + text, without an opening heading the path ends with."""
    path = passage.heading_path
    if not path or passage.text.startswith(path):
        return passage.text
    body = without_opening_heading(passage.text, path.rsplit(HEADING_SEPARATOR, 1)[-1])
    return f"{path}\n{body}" if body else path


def without_opening_heading(text: str, title: str) -> str:
    """``text`` less its first heading (markdown ``# title`` or an underlined ``title``) when
    that heading is ``title``; otherwise ``text`` unchanged."""
    lines = text.split("\n")
    first = lines[0].strip()
    atx = ATX_HEADING.fullmatch(first)
    if atx and atx.group("title").strip() == title.strip():
        rest = lines[1:]
    elif (
        first == title.strip()
        and len(lines) > 1
        and UNDERLINE.fullmatch(lines[1].strip())
        and len(lines[1].strip()) >= len(first)
    ):
        rest = lines[2:]
    else:
        return text
    while rest and not rest[0].strip():
        rest = rest[1:]
    return "\n".join(rest)
