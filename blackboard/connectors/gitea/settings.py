"""Gitea settings (environment prefix ``GA_GITEA_``); tokens and secrets are ``SecretStr``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class GiteaSettings(BaseSettings):
    """Where Gitea is, who we are there, and what we may touch.

    ``allow`` lists organisations/users (``acme``) and single repositories (``acme/site``);
    in the environment it is comma separated: ``GA_GITEA_ALLOW=acme,bob/notes``.
    """

    model_config = SettingsConfigDict(env_prefix="GA_GITEA_", extra="ignore")

    url: str = "http://127.0.0.1:3000"
    token: SecretStr | None = None
    allow: Annotated[list[str], NoDecode] = Field(default_factory=list)
    webhook_secret: SecretStr | None = None
    webhook_url: str = Field(default="", description="Public URL of our /gitea/webhook endpoint.")
    webhook_enrich_timeout: float = Field(
        default=300.0,
        gt=0,
        description="Seconds a webhook delivery's background enrichment from the API may take.",
    )
    read_only: bool = False
    sync_interval: float = Field(default=300.0, ge=0, description="Seconds between syncs in 'up'.")
    timeout: float = 30.0
    max_attempts: int = Field(default=4, ge=1)
    retry_wait: float = Field(default=0.5, ge=0, description="First backoff step in seconds.")
    retry_max_wait: float = Field(default=30.0, ge=0)
    max_file_bytes: int = Field(
        default=262_144,
        gt=0,
        description="Largest repository file the mirror reads (bytes); larger ones are skipped.",
    )
    git_author_name: str = "gitea-assistants"
    git_author_email: str = "gitea-assistants@localhost"
    signing_key: Path | None = Field(
        default=None,
        description="Private key file the platform's commits are signed with (unset: unsigned).",
    )
    signing_format: Literal["ssh", "openpgp"] = Field(
        default="ssh", description="ssh: an OpenSSH key; openpgp: a GnuPG secret key export."
    )

    @field_validator("allow", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.rstrip("/")

    def allows(self, full_name: str) -> bool:
        """Is ``owner/repo`` covered by the allowlist (case-insensitive, like Gitea)?"""
        owner, _, _name = full_name.lower().partition("/")
        entries = {e.lower() for e in self.allow}
        return full_name.lower() in entries or owner in entries

    @property
    def owners(self) -> list[str]:
        """Every owner the allowlist mentions, in order, once."""
        seen: dict[str, None] = {}
        for entry in self.allow:
            seen.setdefault(entry.split("/", 1)[0], None)
        return list(seen)

    @property
    def token_value(self) -> str | None:
        return self.token.get_secret_value() if self.token else None
