"""Reciprocal rank fusion of several ranked lists of chunk ids."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60
"""The classic RRF constant: damps the weight of the very first ranks."""


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """``score(id) = sum(weight / (k + rank))`` over the lists it appears in, best first
    (every weight 1 unless given, one per list)."""
    scores: dict[int, float] = {}
    for i, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[i]
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
