"""Mapping a task's priority (higher = sooner, any float) to SAQ's (lower = sooner, 0..32767)."""

from __future__ import annotations

SAQ_MAX_PRIORITY = 32767
_MIDDLE = 16000
_SCALE = 1000


def saq_priority(priority: float) -> int:
    """``0.5`` -> 15500, ``5.0`` -> 11000; clamped to SAQ's range."""
    return max(0, min(SAQ_MAX_PRIORITY, round(_MIDDLE - priority * _SCALE)))
