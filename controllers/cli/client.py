"""A small HTTP client for the board API, used by the CLI commands that talk to ``up``."""

from __future__ import annotations

from typing import Any

import click
import httpx

from blackboard.settings import BoardSettings
from controllers.api.token import read_api_token


class ApiClient:
    """Calls the API at ``GA_API_URL`` with the configured or generated token."""

    def __init__(
        self, settings: BoardSettings, base_url: str | None = None, token: str | None = None
    ) -> None:
        self.base_url = (base_url or settings.api_url).rstrip("/")
        token = token or read_api_token(settings)
        if token is None:
            raise click.ClickException(
                "no API token: set GA_API_TOKEN, or start 'gitea-assistants up' once on this "
                f"machine so it stores one in {settings.token_file}"
            )
        self._client = httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=120.0
        )

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request; turn connection failures and 4xx/5xx into clear CLI errors."""
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.ConnectError as exc:
            raise click.ClickException(
                f"cannot reach the board API at {self.base_url}: is 'gitea-assistants up' running?"
            ) from exc
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise click.ClickException(f"{method} {path} -> {response.status_code}: {detail}")
        return response.json()
