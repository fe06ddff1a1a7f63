"""Where an agent's outbox action may point: its task's own target, decided by code.

An agent works on one entry, and its actions may touch only what that entry belongs to:
``gitea.*`` actions the repository in the entry's ``meta.repo`` (set by the Gitea mirror, or
by the person who asked), ``telegram.*`` actions the chat in its ``meta.telegram``. A target
named anywhere else (a model's answer, a crafted issue body) is refused at contribution time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def task_targets(kind: str, entry_meta: Mapping[str, Any] | None) -> frozenset[str]:
    """The targets an action of ``kind`` may name for a task on an entry with ``entry_meta``."""
    meta = entry_meta or {}
    if kind.startswith("gitea."):
        repo = meta.get("repo")
        return frozenset({repo}) if isinstance(repo, str) and repo else frozenset()
    if kind.startswith("telegram."):
        chat = meta.get("telegram")
        if isinstance(chat, Mapping) and chat.get("chat_id") is not None:
            return frozenset({str(chat["chat_id"])})
    return frozenset()
