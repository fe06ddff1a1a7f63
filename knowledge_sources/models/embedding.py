"""The ``embed`` face: every provider delegates to the board's shared embedder.

Vectors on the board must all come from one model, so providers do not embed with their own
chat model; they hand texts to ``blackboard.embeddings`` (MiniLM by default, hashing in tests,
or a remote Ollama/vLLM embedding endpoint), through one ``SharedEmbedder`` per process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from blackboard.embeddings.base import SharedEmbedder
from blackboard.errors import BoardError
from knowledge_sources.models.errors import ModelUnavailableError

EmbedderSource = SharedEmbedder | Callable[[], SharedEmbedder]
"""A ready embedder, or a function that returns one on first use (so nothing loads early)."""


def no_embedder() -> SharedEmbedder:
    """The source of a provider built without the board's embedder: embedding is refused."""
    raise ModelUnavailableError(
        "this model was built without the board's embedder (pass embedder=...)"
    )


class BoardEmbedding:
    """Resolves the embedder lazily and embeds off the event loop."""

    def __init__(self, source: EmbedderSource | None = None) -> None:
        self._source: EmbedderSource = source if source is not None else no_embedder
        self._embedder = source if isinstance(source, SharedEmbedder) else None

    @property
    def embedder(self) -> SharedEmbedder:
        """The embedder (built on first access)."""
        if self._embedder is None:
            source = self._source
            self._embedder = source if isinstance(source, SharedEmbedder) else source()
        return self._embedder

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors for ``texts``; board errors become ``ModelUnavailableError``."""
        try:
            return await self.embedder.embed_async(texts)
        except BoardError as exc:
            raise ModelUnavailableError(f"embedding failed: {exc}") from exc
