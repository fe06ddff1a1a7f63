"""Idempotency markers: an invisible HTML comment tying a Gitea object to its outbox action.

After a crash between "Gitea did it" and "we recorded it", the executor looks for the marker
before doing the write again, so the write happens once.
"""

from __future__ import annotations

import hashlib

PREFIX = "<!-- gitea-assistants:action:"


def marker(idempotency_key: str) -> str:
    """The marker for an action (a digest, so no key text leaks into Gitea)."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
    return f"{PREFIX}{digest} -->"


def mark(text: str, idempotency_key: str) -> str:
    """``text`` with the action's marker appended (once)."""
    tag = marker(idempotency_key)
    return text if tag in text else f"{text.rstrip()}\n\n{tag}\n"


def carries(text: str | None, idempotency_key: str) -> bool:
    return bool(text) and marker(idempotency_key) in str(text)
