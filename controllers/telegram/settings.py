"""Telegram settings (prefix ``GA_TELEGRAM_``): allowed chats, polling or webhook, the API URL.

Bot tokens are not here: each soul names the variable that holds its own token
(``telegram_token_env``), and the token is read only when the bot starts.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class TelegramSettings(BaseSettings):
    """How the bots connect and which chats they serve."""

    model_config = SettingsConfigDict(env_prefix="GA_TELEGRAM_", extra="ignore")

    allowed_chats: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(),
        description="Group chat ids the bots serve (comma-separated); any other chat is ignored.",
    )
    mode: Literal["polling", "webhook"] = "polling"
    base_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API URL the token is appended to (a local emulator in tests).",
    )
    webhook_url: str = Field(
        default="",
        description="Public URL of this server; bots get <webhook_url>/telegram/webhook/<agent>.",
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="Sent by Telegram in X-Telegram-Bot-Api-Secret-Token."
    )
    poll_interval_s: float = Field(default=0.0, ge=0.0)
    poll_timeout_s: int = Field(default=10, ge=0, description="Long-polling timeout.")
    wiki_wait_s: float = Field(
        default=120.0,
        ge=0.0,
        description="How long an answer waits for its wiki page before it is sent without.",
    )
    web_url: str = Field(
        default="", description="Public URL of the web view, for links to board entries."
    )

    @field_validator("allowed_chats", mode="before")
    @classmethod
    def _chat_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            try:
                return frozenset(int(p) for p in parts if p)
            except ValueError as exc:
                raise ValueError(
                    "GA_TELEGRAM_ALLOWED_CHATS: comma-separated chat ids, e.g. -100123,-100456"
                ) from exc
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("webhook_url", "web_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")
