"""Web search settings: ``GA_SEARXNG_URL`` and friends (apart from ``web.py``, so reading the
settings does not load the database driver and the board's runtime)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSearchSettings(BaseSettings):
    """``GA_SEARXNG_URL`` (empty: no web search) and how many results to keep."""

    model_config = SettingsConfigDict(env_prefix="GA_", extra="ignore")

    searxng_url: str = ""
    searxng_results: int = 5
    searxng_timeout_s: float = 20.0
