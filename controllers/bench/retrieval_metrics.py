"""Per-document retrieval metrics: hit@1, hit@5 and MRR@10 over ranked result lists.

A result list is the documents of the results in the order returned (a chunk search may
name one document several times): hit@k asks whether the answering document is among the
first k results, MRR@10 takes 1 / the rank of its first appearance in the first 10.
"""

from __future__ import annotations

from collections.abc import Sequence

RANKED = 10


def first_rank(results: Sequence[str], answer: str) -> int | None:
    """1-based position of ``answer`` in the first ``RANKED`` results, or None."""
    for rank, document in enumerate(results[:RANKED], start=1):
        if document == answer:
            return rank
    return None


def score(runs: Sequence[tuple[Sequence[str], str]]) -> dict[str, float]:
    """hit@1, hit@5, MRR@10 and the distinct documents in the top 5, averaged over runs."""
    ranks = [first_rank(results, answer) for results, answer in runs]
    count = len(runs) or 1
    return {
        "hit_at_1": round(sum(r == 1 for r in ranks) / count, 4),
        "hit_at_5": round(sum(r is not None and r <= 5 for r in ranks) / count, 4),
        "mrr_at_10": round(sum(1.0 / r for r in ranks if r is not None) / count, 4),
        "documents_in_top_5": round(sum(len(set(res[:5])) for res, _ in runs) / count, 2),
    }
