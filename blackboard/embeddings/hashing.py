"""A deterministic feature-hashing embedder: no model, instant, for tests and tiny setups.

Each word and word bigram is hashed into one of ``dim`` signed buckets and the result is
L2-normalised, so texts that share words have a high cosine similarity. It knows no synonyms.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """Bag of hashed words and bigrams, signed, normalised."""

    def __init__(self, dim: int = 384) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]

    def _one(self, text: str) -> list[float]:
        vec = [0.0] * self._dim
        words = _WORD.findall(text.lower())
        features = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
        for feature in features:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self._dim
            sign = 1.0 if digest[4] & 1 else -1.0
            vec[bucket] += sign
        norm = math.sqrt(sum(v * v for v in vec))
        if norm == 0.0:
            vec[0] = 1.0
            return vec
        return [v / norm for v in vec]
