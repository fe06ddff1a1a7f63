"""Which repository and which issue an entry is about: its ``meta.repo`` (the one target the
outbox accepts for a task on it, ``controllers/control/targets.py``), and the issue number a
pull request should close."""

from __future__ import annotations

import re

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind

_SLUG = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def repo_of(entry: Entry) -> str | None:
    """``owner/name`` from the entry's ``meta.repo`` (None: not there or not a slug)."""
    value = entry.meta.get("repo") if isinstance(entry.meta, dict) else None
    return value if isinstance(value, str) and _SLUG.match(value) else None


def issue_number(entry: Entry) -> int | None:
    """The Gitea issue a change for ``entry`` closes: the issue, or a task's ``meta.issue``."""
    meta = entry.meta if isinstance(entry.meta, dict) else {}
    value = meta.get("number") if entry.kind == EntryKind.GITEA_ISSUE else meta.get("issue")
    return value if isinstance(value, int) and value > 0 else None


def one_line(text: str, limit: int = 100) -> str:
    """``text`` flattened to one line of at most ``limit`` characters (for titles, headings)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
