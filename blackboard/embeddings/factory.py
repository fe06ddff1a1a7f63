"""Choosing the embedder from settings, and keeping one shared instance per process."""

from __future__ import annotations

import threading

from blackboard.embeddings.base import Embedder, SharedEmbedder
from blackboard.embeddings.hashing import HashingEmbedder
from blackboard.errors import BoardError
from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.settings import BoardSettings

_lock = threading.Lock()
_shared: dict[tuple[str, str, str], SharedEmbedder] = {}


def make_embedder(settings: BoardSettings) -> Embedder:
    """Build the backend named by ``GA_EMBEDDER`` (minilm, hashing, ollama, openai).

    A server is asked for one vector straight away, so one that is down, lacks the model or
    answers with vectors of another width than the board's stops start-up with the reason.
    """
    kind = settings.embedder
    if kind == "hashing":
        return HashingEmbedder(settings.embedding_dim)
    if kind == "minilm":
        from blackboard.embeddings.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    if kind in ("ollama", "openai"):
        from blackboard.embeddings.remote import RemoteEmbedder

        remote = RemoteEmbedder.from_settings(settings)
        try:
            remote.probe()
        except BoardError:
            remote.close()
            raise
        return remote
    raise BoardError(f"unknown GA_EMBEDDER {kind!r}")  # pragma: no cover - Literal guards it


def get_embedder(settings: BoardSettings) -> SharedEmbedder:
    """The process-wide embedder for these settings (built on first use)."""
    key = (settings.embedder, settings.embedder_model, settings.embedder_url)
    with _lock:
        shared = _shared.get(key)
        if shared is None:
            inner = make_embedder(settings)
            if inner.dim != EMBEDDING_DIM:
                raise BoardError(
                    f"embedder {inner.name} gives {inner.dim}-d vectors but the board stores "
                    f"{EMBEDDING_DIM}-d ones; pick a {EMBEDDING_DIM}-d model"
                )
            shared = SharedEmbedder(inner, settings.embedder_batch_size)
            _shared[key] = shared
        return shared
