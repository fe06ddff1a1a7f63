"""Ordering a mirrored object's versions: only a strictly older timestamp counts as a replay."""

from __future__ import annotations

from ingest.gitea.mirror.versions import is_older


def test_only_strictly_older_timestamps_count_as_older() -> None:
    assert is_older("2026-01-01T10:00:00Z", "2026-01-01T10:00:01Z")
    assert is_older("2026-01-01T10:00:00Z|partial", "2026-01-01T11:00:00+00:00")
    assert not is_older("2026-01-01T10:00:01Z", "2026-01-01T10:00:00Z")
    assert not is_older("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z|partial")
    assert not is_older("3f2a9c", "2026-01-01T10:00:00Z")  # a content hash has no order
    assert not is_older("2026-01-01T10:00:00Z", None)
