"""A small HTTP client for the board API, used by the CLI commands that talk to ``up``.

Where the API is: ``GA_API_URL`` when set, else the address the running ``up`` recorded in the
data directory (``running.py``), else the default ``http://127.0.0.1:8000``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click
import httpx

from blackboard.redact_urls import redact_urls
from blackboard.settings import BoardSettings
from controllers.api.token import read_api_token
from controllers.cli.running import RunRecord, read_record, record_file


@dataclass(frozen=True)
class ApiAddress:
    """The API's base URL, where that came from, and the running ``up``'s record if used."""

    url: str
    source: str
    record: RunRecord | None = None


def find_api(settings: BoardSettings) -> ApiAddress:
    """``GA_API_URL`` if set; else the live ``up``'s record (a stale one is ignored with a note
    on stderr); else the default."""
    if "api_url" in settings.model_fields_set:
        return ApiAddress(settings.api_url, "GA_API_URL")
    record = read_record(settings)
    if record is not None:
        if record.alive():
            where = f"recorded by 'up' (pid {record.pid}) in {record_file(settings)}"
            return ApiAddress(record.url, where, record)
        click.echo(
            f"note: ignoring {record_file(settings)}: the 'up' that wrote it (pid {record.pid}) "
            "is gone",
            err=True,
        )
    return ApiAddress(settings.api_url, "the default; no running 'up' recorded")


class ApiClient:
    """Calls the API (see ``find_api``) with the configured or generated token."""

    def __init__(
        self, settings: BoardSettings, base_url: str | None = None, token: str | None = None
    ) -> None:
        self.address = ApiAddress(base_url, "given") if base_url else find_api(settings)
        self.base_url = self.address.url.rstrip("/")
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
                f"cannot reach the board API at {redact_urls(self.base_url)} "
                f"({self.address.source}): "
                "is 'gitea-assistants up' running? If it serves elsewhere, set GA_API_URL "
                "(for example GA_API_URL=http://127.0.0.1:8001)"
            ) from exc
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise click.ClickException(f"{method} {path} -> {response.status_code}: {detail}")
        return response.json()

    def team(self) -> tuple[list[str], bool]:
        """The team's agent names and whether they run (``GET /agents``)."""
        found = self.request("GET", "/agents")
        return [str(name) for name in found["agents"]], bool(found["running"])

    def web_url(self, path: str) -> str:
        """A link into the web view of this API."""
        return f"{self.base_url}/ui{path}"
