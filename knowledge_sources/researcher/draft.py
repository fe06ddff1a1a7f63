"""The note's shape as the model writes it: a summary and claims, each with one cited quote.

The schema is kept free of length limits on purpose: local models are constrained by a
grammar compiled from it, and bounds like ``maxLength: 4000`` or ``maxItems: 30`` blow that
grammar up (minutes and gigabytes). Limits are applied after parsing instead (``bounded``).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

MAX_CLAIMS = 12
MAX_TEXT = 2000


class Claim(BaseModel):
    """One statement, the number of the source it rests on, and the exact words quoted."""

    text: str = Field(min_length=1)
    source: int = Field(ge=1)
    quote: str = Field(min_length=1)


class Draft(BaseModel):
    """A research note before verification."""

    summary: str = Field(min_length=1)
    claims: list[Claim] = Field(default_factory=list)

    def bounded(self) -> Draft:
        """The draft cut to sane sizes (what a runaway model wrote is trimmed, not trusted)."""
        return Draft(
            summary=self.summary[: MAX_TEXT * 2],
            claims=[
                Claim(text=c.text[:MAX_TEXT], source=c.source, quote=c.quote[:MAX_TEXT])
                for c in self.claims[:MAX_CLAIMS]
            ],
        )
