"""The deployment's marker secret: ``GA_OUTBOX_SECRET``, else one generated once into the data dir.

The generated secret is stored beside the API token (``<data dir>/outbox-secret``, mode 0600)
so markers stay the same across restarts. It is never logged.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from blackboard.settings import BoardSettings
from controllers.outbox.settings import OutboxSettings

SECRET_FILE = "outbox-secret"  # noqa: S105 (a file name, not a secret)


def secret_file(settings: BoardSettings) -> Path:
    """Where the generated secret is kept."""
    return settings.data_dir / SECRET_FILE


def outbox_secret(settings: BoardSettings, outbox: OutboxSettings | None = None) -> bytes:
    """The configured secret, or the stored one, generating and storing it the first time."""
    outbox = outbox or OutboxSettings()
    if outbox.secret is not None and outbox.secret.get_secret_value():
        return outbox.secret.get_secret_value().encode()
    path = secret_file(settings)
    if path.exists():
        stored = path.read_text().strip()
        if stored:
            return stored.encode()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile: use theirs
        return path.read_text().strip().encode()
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value.encode()
