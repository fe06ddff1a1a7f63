"""``embed_sorted``: texts reach the model longest first in the model's own tokens, each once."""

from __future__ import annotations

from collections.abc import Sequence

from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.hashing import HashingEmbedder
from ingest.vectors import embed_sorted


class WordCountingEmbedder(HashingEmbedder):
    """A hashing embedder that measures texts in words and records every call it gets."""

    def __init__(self) -> None:
        super().__init__(384)
        self.batches: list[list[str]] = []

    def text_lengths(self, texts: Sequence[str]) -> list[int]:
        return [len(text.split()) for text in texts]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        return super().embed(texts)


# Many characters but few words, and the other way round: a character sort would get it wrong.
TEXTS = [
    "a b c d e f g h",
    "supercalifragilistic-expialidocious-antidisestablishmentarianism",
    "one two three four five six",
    "a b",
    "a b c d e f g h",
]


async def test_batches_follow_the_models_own_lengths() -> None:
    inner = WordCountingEmbedder()
    vectors = await embed_sorted(SharedEmbedder(inner, batch_size=64), TEXTS, per_call=2)

    assert set(vectors) == set(TEXTS)
    assert inner.batches == [
        ["a b c d e f g h", "one two three four five six"],
        ["a b", "supercalifragilistic-expialidocious-antidisestablishmentarianism"],
    ]
    for text, vector in vectors.items():
        assert vector == HashingEmbedder(384).embed([text])[0]


async def test_without_token_lengths_characters_decide() -> None:
    inner = HashingEmbedder(384)
    shared = SharedEmbedder(inner)
    assert shared.lengths(["abc", "a"]) == [3, 1]
    vectors = await embed_sorted(shared, ["a", "abc", "ab"], per_call=1)
    assert list(vectors) == ["abc", "ab", "a"]
