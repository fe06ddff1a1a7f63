"""The API token: from GA_API_TOKEN, else the one ``up`` generated into the data dir."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from blackboard.settings import BoardSettings


def read_api_token(settings: BoardSettings) -> str | None:
    """The configured token, or the stored generated one, or ``None``."""
    if settings.api_token is not None and settings.api_token.get_secret_value():
        return settings.api_token.get_secret_value()
    if settings.token_file.exists():
        token = settings.token_file.read_text().strip()
        return token or None
    return None


def ensure_api_token(settings: BoardSettings) -> tuple[str, Path | None]:
    """The token to guard the API with; generates and stores one (mode 0600) if none is set.

    Returns the token and the file it was stored in (``None`` when it came from the env).
    """
    existing = read_api_token(settings)
    if existing is not None:
        from_env = settings.api_token is not None and bool(settings.api_token.get_secret_value())
        return existing, None if from_env else settings.token_file
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(settings.token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token, settings.token_file
