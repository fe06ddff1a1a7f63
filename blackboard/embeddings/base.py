"""The embedder interface every backend implements, plus the batching/queueing wrapper."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to unit-length vectors of ``dim`` floats."""

    @property
    def name(self) -> str:
        """Which model this is (recorded with what it embedded)."""
        ...

    @property
    def dim(self) -> int:
        """Vector width."""
        ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed a batch (blocking; may take a while on CPU)."""
        ...


@runtime_checkable
class MeasuresTexts(Protocol):
    """An embedder that can say how long each text is in its own tokens.

    Callers that batch many texts sort by this, so every model batch pads to (nearly) the
    same length; an embedder without it is measured in characters.
    """

    def text_lengths(self, texts: Sequence[str]) -> list[int]:
        """Tokens the model will read for each text (after its own truncation)."""
        ...


class SharedEmbedder:
    """Serialises work on one embedder: concurrent callers (any thread or event loop) queue
    instead of oversubscribing the CPU.

    ``calls`` and ``texts_embedded`` count what was really computed, so callers (and tests)
    can see that unchanged input cost nothing.
    """

    def __init__(self, inner: Embedder, batch_size: int = 64) -> None:
        self.inner = inner
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self.calls = 0
        self.texts_embedded = 0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def lengths(self, texts: Sequence[str]) -> list[int]:
        """Each text's length as the model sees it: its tokens, or else its characters."""
        if isinstance(self.inner, MeasuresTexts):
            return self.inner.text_lengths(texts)
        return [len(text) for text in texts]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Blocking embed in batches of ``batch_size``; one caller at a time per process."""
        with self._lock:
            return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            out.extend(self.inner.embed(batch))
            self.calls += 1
            self.texts_embedded += len(batch)
        return out

    async def embed_async(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed off the event loop; one batch stream at a time per process."""
        if not texts:
            return []
        return await asyncio.to_thread(self.embed, texts)
