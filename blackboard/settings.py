"""The board's settings, read from the environment (prefix ``GA_``, plus ``DATABASE_URL``).

Secrets are ``SecretStr`` so they never show up in logs, reprs or error messages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from blackboard.api_keys import header_safe_key


def default_data_dir() -> Path:
    """Where the embedded database, the generated API token and caches live by default.

    The embedded PostgreSQL runs as an unprivileged system user when we are root, and it
    opens up every parent of its data directory for that user; so as root we stay out of
    ``/root`` and use ``/var/lib/gitea-assistants``.
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return Path("/var/lib/gitea-assistants")
    return Path(platformdirs.user_data_dir("gitea-assistants"))


class BoardSettings(BaseSettings):
    """Every knob of the platform; each is ``GA_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(
        env_prefix="GA_",
        extra="ignore",
        populate_by_name=True,
        hide_input_in_errors=True,  # a bad value may be a secret: errors never quote it
    )

    database_url: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "GA_DATABASE_URL"),
        description="PostgreSQL URL; unset = start the embedded server in data_dir.",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    embedded_shared_buffers_mb: int | None = Field(
        default=None,
        ge=16,
        description="shared_buffers of the embedded PostgreSQL; unset: an eighth of the RAM, "
        "128 MB to 8 GB (applied with one restart of the server).",
    )
    api_token: SecretStr | None = None
    api_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    embedding_dim: int = 384
    embedder: Literal["minilm", "hashing", "ollama", "openai"] = "minilm"
    embedder_model: str = ""
    embedder_url: str = ""
    embedder_api_key: SecretStr | None = Field(
        default=None,
        description="Bearer key for the embedding server (sent to GA_EMBEDDER_URL only).",
    )
    embedder_timeout_s: float = Field(default=120.0, gt=0)
    embedder_batch_size: int = Field(default=32, ge=1)
    vector_index_defer_rows: int = Field(
        default=20_000,
        ge=0,
        description="A bulk load expected to write at least this many chunks (and as many as "
        "the board holds) drops the HNSW index and builds it after; a Gitea sync drops it once "
        "it has written that many; 0: never.",
    )
    vector_index_build_memory_mb: int | None = Field(
        default=None,
        ge=64,
        description="maintenance_work_mem for building the HNSW index; unset: sized to the "
        "chunks (about 1.8 kB each), at most a quarter of this machine's RAM.",
    )
    log_level: str = "INFO"
    shutdown_timeout_s: float = Field(
        default=10.0,
        ge=0,
        description="How long 'up' waits, after Ctrl-C, for work still running (a model "
        "generating) before it stops anyway; interrupted tasks are retried on the next 'up'.",
    )

    @field_validator("embedder_api_key")
    @classmethod
    def _sendable_key(cls, key: SecretStr | None) -> SecretStr | None:
        return header_safe_key(key)

    @property
    def token_file(self) -> Path:
        """Where ``up`` keeps the API token it generated when none was configured."""
        return self.data_dir / "api-token"

    @property
    def pgdata(self) -> Path:
        """The embedded PostgreSQL's data directory."""
        return self.data_dir / "pgdata"
