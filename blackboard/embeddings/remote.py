"""Embeddings from a model server: Ollama (`/api/embed`) or OpenAI-compatible (`/v1/embeddings`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import httpx

from blackboard.errors import BoardError
from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.settings import Settings


class RemoteEmbedder:
    """Posts batches to an embedding endpoint; vectors come back normalised."""

    def __init__(
        self,
        flavour: str,
        base_url: str,
        model: str,
        dim: int = EMBEDDING_DIM,
        timeout: float = 120.0,
    ) -> None:
        if flavour not in ("ollama", "openai"):
            raise BoardError(f"unknown embedding server flavour {flavour!r}")
        if not base_url or not model:
            raise BoardError(
                f"GA_EMBEDDER={flavour} needs GA_EMBEDDER_URL and GA_EMBEDDER_MODEL to be set"
            )
        self.flavour = flavour
        self.model = model
        self._dim = dim
        self._client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteEmbedder:
        return cls(
            settings.embedder,
            settings.embedder_url,
            settings.embedder_model,
            settings.embedding_dim,
        )

    @property
    def name(self) -> str:
        return f"{self.flavour}:{self.model}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self.flavour == "ollama":
            path, body = "/api/embed", {"model": self.model, "input": list(texts)}
        else:
            path, body = "/v1/embeddings", {"model": self.model, "input": list(texts)}
        try:
            response = self._client.post(path, json=body)
        except httpx.HTTPError as exc:
            raise BoardError(
                f"embedding server {self._client.base_url} unreachable: {exc}"
            ) from exc
        if response.status_code != 200:
            raise BoardError(
                f"embedding server answered {response.status_code}: {response.text[:300]}"
            )
        vectors = _parse(self.flavour, response.json())
        if len(vectors) != len(texts):
            raise BoardError(
                f"embedding server returned {len(vectors)} vectors for {len(texts)} texts"
            )
        return [_normalise(v) for v in vectors]


def _parse(flavour: str, payload: Any) -> list[list[float]]:
    try:
        if flavour == "ollama":
            return [[float(x) for x in v] for v in payload["embeddings"]]
        rows = sorted(payload["data"], key=lambda d: d["index"])
        return [[float(x) for x in row["embedding"]] for row in rows]
    except (KeyError, TypeError) as exc:
        raise BoardError(f"unexpected embedding response shape: {exc}") from exc


def _normalise(vec: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    return [v / norm for v in vec]
