"""Did-you-mean hints for names a person typed wrong (agents, kinds, statuses)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``word``, or ``None`` when none is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_name(what: str, word: str, known: Iterable[str]) -> str:
    """A refusal that names the closest match and every known name."""
    names = sorted(known)
    near = closest(word, names)
    hint = f" (did you mean {near!r}?)" if near else ""
    return f"no {what} named {word!r}{hint}; known: {', '.join(names) or '(none)'}"
