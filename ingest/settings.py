"""Ingest settings, read from the environment with the prefix ``GA_INGEST_``.

They live apart from the board's own settings so ingest can grow knobs without touching
``blackboard.settings``. List values come as JSON in the environment, e.g.
``GA_INGEST_EXCLUDE='["*.lock", "generated/"]'``.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from blackboard.schemas.entries import MAX_BODY_CHARS
from blackboard.splitting import SplitOptions


class IngestSettings(BaseSettings):
    """How files are chosen, split and batched; each is ``GA_INGEST_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="GA_INGEST_", extra="ignore")

    max_file_bytes: int = Field(
        default=1_000_000,
        ge=1,
        le=MAX_BODY_CHARS,
        description="Files larger than this are skipped (the board stores bodies up to 2 MB).",
    )
    chunk_size: int = Field(
        default=200,
        ge=32,
        le=4096,
        description="Chunk size in tokens (llama-index's tokenizer); MiniLM reads 256 word pieces.",
    )
    chunk_overlap: int = Field(default=20, ge=0, le=1024)
    batch_chunks: int = Field(
        default=256,
        ge=1,
        le=10_000,
        description="Passages gathered across files and embedded together, sorted by length.",
    )
    embed_batch: int = Field(
        default=8,
        ge=1,
        le=4096,
        description="Texts per model call. Sorted by the model's own token counts, small calls "
        "are fastest on a CPU (and light on memory); raise it for a GPU embedding server.",
    )
    include_hidden: bool = Field(default=False, description="Walk dot-files and dot-directories.")
    follow_symlinks: bool = True
    exclude: list[str] = Field(
        default_factory=list, description="Extra gitignore-style patterns to leave out."
    )
    extra_extensions: list[str] = Field(
        default_factory=list, description="More file suffixes to read as plain text (e.g. '.adoc')."
    )

    @property
    def split_options(self) -> SplitOptions:
        """Chunk size and overlap, as the splitter takes them."""
        return SplitOptions(self.chunk_size, self.chunk_overlap)

    @model_validator(mode="after")
    def _overlap_below_size(self) -> IngestSettings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError("GA_INGEST_CHUNK_OVERLAP must be smaller than GA_INGEST_CHUNK_SIZE")
        return self


@lru_cache(maxsize=1)
def get_ingest_settings() -> IngestSettings:
    """The process-wide ingest settings (read once)."""
    return IngestSettings()
