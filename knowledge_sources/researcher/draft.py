"""The note's shape as the model writes it: a summary and claims, each with one cited quote."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Claim(BaseModel):
    """One statement, the number of the source it rests on, and the exact words quoted."""

    text: str = Field(min_length=1, max_length=2000)
    source: int = Field(ge=1)
    quote: str = Field(min_length=1, max_length=1000)


class Draft(BaseModel):
    """A research note before verification."""

    summary: str = Field(min_length=1, max_length=4000)
    claims: list[Claim] = Field(default_factory=list, max_length=30)
