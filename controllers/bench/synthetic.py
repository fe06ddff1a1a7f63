"""Synthetic embedding corpora: clustered unit vectors, like real sentence embeddings."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def clustered_unit_vectors(
    n: int, dim: int, clusters: int, spread: float, rng: np.random.Generator
) -> NDArray[np.float32]:
    """``n`` unit vectors drawn around ``clusters`` random centres (noise ``spread``)."""
    centres = rng.standard_normal((clusters, dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    owner = rng.integers(0, clusters, size=n)
    noise = rng.standard_normal((n, dim)).astype(np.float32) * spread
    points = centres[owner] + noise
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points


def exact_top_k(
    corpus: NDArray[np.float32], queries: NDArray[np.float32], k: int
) -> NDArray[np.int64]:
    """Row indexes of the ``k`` most cosine-similar corpus vectors per query (brute force)."""
    scores = queries @ corpus.T
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.take_along_axis(scores, top, axis=1).argsort(axis=1)[:, ::-1]
    return np.take_along_axis(top, order, axis=1).astype(np.int64)
