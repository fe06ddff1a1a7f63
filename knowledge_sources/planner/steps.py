"""Step titles from a model's bounded prose, or from the goal's own sentences.

The model is asked for at most ``limit`` short titles, one per line. What comes back is read
leniently (bullets, numbers and ``Step 2:`` prefixes dropped, markdown emphasis stripped) and
strictly (a title has 2 to 25 words, is cut at ``TITLE_CHARS``, is not a repeat, and does not
copy the prompt's fence markers, as SmolLM2-135M does). A small
model that writes nothing usable still yields a plan: the goal's own sentences, or its title,
become the steps.
"""

from __future__ import annotations

import re

TITLE_CHARS = 120
MIN_WORDS, MAX_WORDS = 2, 25
_PREFIX = re.compile(
    r"^\s*(?:[-*•+>]+\s*|\(?\d{1,2}\s*[.):-]\s*|step\s*\d{0,2}\s*[.:)-]\s*)+", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def echoes_prompt(text: str) -> bool:
    """Text that repeats the prompt's fence markers (small models copy them) is no answer."""
    return "<<<" in text or ">>>" in text


def clean_title(line: str) -> str:
    """One line as a step title ("" when it is not one)."""
    if echoes_prompt(line):
        return ""
    text = _PREFIX.sub("", line).strip().strip("*_`#\"'").strip()
    text = " ".join(text.split()).rstrip(".:;,!?")
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        return ""
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def titles_from(text: str, limit: int) -> list[str]:
    """Up to ``limit`` distinct titles, one per usable line of ``text``."""
    titles: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        title = clean_title(line)
        key = title.lower()
        if title and key not in seen:
            seen.add(key)
            titles.append(title)
        if len(titles) == limit:
            break
    return titles


def sentences_of(text: str, limit: int) -> list[str]:
    """Up to ``limit`` distinct titles from the sentences of ``text`` (the goal's own words)."""
    return titles_from("\n".join(_SENTENCE_END.split(text)), limit)
