"""Ordering the versions of one mirrored object, so an older copy never replaces a newer one.

Gitea objects carry ``updated_at`` (RFC 3339, second resolution) as their source version; a
webhook's partial copy of a pull request adds ``|partial``. Files and labels are versioned by
a content hash, which has no order: only two timestamps can be compared.
"""

from __future__ import annotations

import datetime


def timestamp(version: str | None) -> datetime.datetime | None:
    """The time a source version stands for, or ``None`` when it is not a timestamp."""
    if not version:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(version.split("|", 1)[0].replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


def is_older(incoming: str | None, stored: str | None) -> bool:
    """Whether ``incoming`` is a strictly older timestamp than ``stored`` (a replay)."""
    new, old = timestamp(incoming), timestamp(stored)
    return new is not None and old is not None and new < old
