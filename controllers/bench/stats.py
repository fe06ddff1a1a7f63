"""Small statistics helpers for the benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def percentile_ms(samples_s: Sequence[float], q: float) -> float:
    """The ``q``-th percentile of durations given in seconds, in milliseconds (3 decimals)."""
    if not samples_s:
        return float("nan")
    return round(float(np.percentile(np.asarray(samples_s) * 1000.0, q)), 3)
