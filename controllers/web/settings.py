"""Web view settings (prefix ``GA_WEB_``): optional username/password sign-in, cookie policy.

Sign-in with the API token always works; a username/password pair works only when both are
set (there are no default credentials).
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebViewSettings(BaseSettings):
    """How people sign in to the web view."""

    model_config = SettingsConfigDict(env_prefix="GA_WEB_", extra="ignore")

    username: str | None = Field(default=None, min_length=1, max_length=100)
    password: SecretStr | None = Field(default=None, min_length=12)
    cookie_secure: bool = Field(
        default=False, description="Send cookies only over HTTPS (set behind a TLS proxy)."
    )
    session_max_age_s: int = Field(default=8 * 3600, ge=60)
