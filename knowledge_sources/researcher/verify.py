"""Checking citations: a quote must appear in the passage it cites (whitespace-insensitive)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge_sources.researcher.draft import Claim
from knowledge_sources.researcher.sources import Source

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
MIN_QUOTE_CHARS = 12


def normalise(text: str) -> str:
    """Collapse whitespace and straighten typographic quotes."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def problem(claim: Claim, sources: Sequence[Source]) -> str | None:
    """Why the claim's citation does not hold, or ``None`` if it does."""
    if not 1 <= claim.source <= len(sources):
        return f"cites [{claim.source}], which does not exist"
    quote = normalise(claim.quote).strip('"')
    if len(quote) < MIN_QUOTE_CHARS:
        return f"its quote from [{claim.source}] is too short to check"
    if quote not in normalise(sources[claim.source - 1].hit.text):
        return f"its quote does not appear in [{claim.source}]"
    return None


def split(claims: Sequence[Claim], sources: Sequence[Source]) -> tuple[list[Claim], list[str]]:
    """Verified claims, and one line per failed claim (for the critique)."""
    good: list[Claim] = []
    bad: list[str] = []
    for claim in claims:
        why = problem(claim, sources)
        if why is None:
            good.append(claim)
        else:
            bad.append(f'- "{claim.text[:120]}": {why}')
    return good, bad
