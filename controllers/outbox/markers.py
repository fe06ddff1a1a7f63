"""Idempotency markers: an invisible HTML comment tying a Gitea object to its outbox action.

After a crash between "Gitea did it" and "we recorded it", the executor looks for the marker
before doing the write again, so the write happens once. The marker is an HMAC of the action's
idempotency key under the deployment's secret (``secret.py``), so nobody who can merely comment
can compute the marker of an action that has not been written yet; and a marker only counts on
an object the platform's own Gitea account wrote (``gitea_actions.ours``).
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "<!-- gitea-assistants:action:"


def marker(idempotency_key: str, secret: bytes) -> str:
    """The marker for an action: a keyed digest, so no key text leaks and none can be forged."""
    digest = hmac.new(secret, idempotency_key.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{PREFIX}{digest} -->"


def mark(text: str, idempotency_key: str, secret: bytes) -> str:
    """``text`` with the action's marker appended (once)."""
    tag = marker(idempotency_key, secret)
    return text if tag in text else f"{text.rstrip()}\n\n{tag}\n"


def carries(text: str | None, idempotency_key: str, secret: bytes) -> bool:
    """Whether ``text`` carries the action's marker."""
    return bool(text) and marker(idempotency_key, secret) in str(text)
