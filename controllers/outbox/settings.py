"""Outbox settings (prefix ``GA_OUTBOX_``): who counts as a person, what people may do, the secret.

Actions carry the principal that asks for them (``agent``). A soul's name acts with its soul's
``actions:`` rights; a name in ``human_principals`` acts under the human role, whose rights are
``human_rights``. The default human role may do every Gitea write people do today through the
CLI and the API (comment, label, assign, open and close issues, wiki pages, branches, pull
requests, reviews and approvals) but not ``telegram``: a person has no bot to speak through.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge_sources.souls.schema import Action

DEFAULT_HUMAN_RIGHTS = frozenset(a for a in Action if a is not Action.TELEGRAM)


class OutboxSettings(BaseSettings):
    """Principals and the marker secret."""

    model_config = SettingsConfigDict(
        env_prefix="GA_OUTBOX_", extra="ignore", hide_input_in_errors=True
    )

    human_principals: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset({"human"}),
        description="Action agents that stand for a person (comma-separated).",
    )
    human_rights: Annotated[frozenset[Action], NoDecode] = Field(
        default=DEFAULT_HUMAN_RIGHTS,
        description="The human role's rights (soul action names, comma-separated).",
    )
    secret: SecretStr | None = Field(
        default=None,
        description="Key of the idempotency markers; unset = generated once into the data dir.",
    )

    @field_validator("human_principals", "human_rights", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(p.strip() for p in value.split(",") if p.strip())
        return value
