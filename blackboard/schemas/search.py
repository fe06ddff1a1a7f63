"""Search request and hit shapes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.schemas.limits import BoardInput, FilterList, Vector

SearchMode = Literal["hybrid", "vector", "text"]


class SearchRequest(BoardInput):
    """Query text (or a vector), filters and k."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(default="", max_length=10_000)
    vector: Vector | None = None
    k: int = Field(default=10, ge=1, le=200)
    mode: SearchMode = "hybrid"
    kinds: FilterList = Field(default_factory=list)
    tags: FilterList = Field(default_factory=list)
    source_prefix: str | None = Field(default=None, max_length=2000)
    statuses: FilterList = Field(default_factory=list)
    depth: int | None = Field(default=None, ge=1, le=1000)
    """Candidates each leg ranks before fusion or grouping (None: the mode's default)."""
    vector_weight: float = Field(default=1.0, ge=0.0, le=10.0)
    text_weight: float = Field(default=0.5, ge=0.0, le=10.0)
    """Weights of the two legs in reciprocal rank fusion (hybrid mode; text at 0.5 measured
    best by ``bench retrieval``); text passages holding every word or an identifier of the
    query count with weight 1 at least."""
    passages: int = Field(default=3, ge=1, le=20)
    """Per-entry search: the most passages kept for each entry."""

    @model_validator(mode="after")
    def _needs_something(self) -> SearchRequest:
        if not self.query.strip() and self.vector is None:
            raise ValueError("give a query text or a vector")
        if self.vector is not None and len(self.vector) != EMBEDDING_DIM:
            raise ValueError(
                f"the vector has {len(self.vector)} numbers; the board's have {EMBEDDING_DIM}"
            )
        if self.mode == "text" and not self.query.strip():
            raise ValueError("text search needs a query text")
        return self


class SearchHit(BaseModel):
    """One ranked passage."""

    entry_id: int
    chunk_id: int
    kind: str
    title: str
    source_uri: str | None
    text: str
    heading_path: str
    start_line: int | None
    end_line: int | None
    score: float


class EntryHit(BaseModel):
    """One ranked entry (document) with its best passages, best first."""

    entry_id: int
    kind: str
    title: str
    source_uri: str | None
    score: float
    passages: list[SearchHit]


def cite(where: str, start_line: int | None, end_line: int | None) -> str:
    """``where`` (a source URI or a name) with a passage's line range: ``uri#L3-L9``.

    A URI that already has a fragment (a Gitea comment's ``...#issuecomment-7``) keeps it and
    gets the range in words, ``uri (L3-L9)``: no citation ever carries two ``#`` fragments."""
    if not start_line:
        return where
    lines = f"L{start_line}-L{end_line or start_line}"
    return f"{where} ({lines})" if "#" in where else f"{where}#{lines}"
