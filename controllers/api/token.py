"""The API token: from GA_API_TOKEN, else the one ``up`` generated into the data dir.

Before serving, ``check_api_token`` refuses a token shorter than ``MIN_TOKEN_CHARS`` and a
token file that anyone but its owner may read or write.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from blackboard.errors import BoardError
from blackboard.settings import BoardSettings

MIN_TOKEN_CHARS = 32
"""A shorter API token is refused (a generated one has 43)."""

MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


class WeakTokenError(BoardError):
    """The API token is too short, or its file is open to others."""


def check_api_token(settings: BoardSettings) -> None:
    """Refuse to serve with a short GA_API_TOKEN or token file, or a file others may read."""
    if settings.api_token is not None and settings.api_token.get_secret_value():
        _long_enough(settings.api_token.get_secret_value(), "GA_API_TOKEN")
        return
    path = settings.token_file
    if not path.exists():
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise WeakTokenError(
            f"the API token file {path} is open to other users (mode {mode:o}); "
            f"run 'chmod 600 {path}' (or set GA_API_TOKEN)"
        )
    _long_enough(path.read_text().strip(), f"the API token in {path}")


def _long_enough(token: str, where: str) -> None:
    if len(token) < MIN_TOKEN_CHARS:
        raise WeakTokenError(
            f"{where} has {len(token)} characters; the API needs at least {MIN_TOKEN_CHARS}. "
            f"Make one with {MAKE_ONE}, or unset GA_API_TOKEN and 'up' generates one"
        )


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
    Raises ``WeakTokenError`` for a token ``check_api_token`` refuses.
    """
    check_api_token(settings)
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
