"""Turning text into vectors: one interface, several backends, one shared instance per process."""

from blackboard.embeddings.base import Embedder
from blackboard.embeddings.factory import get_embedder, make_embedder

__all__ = ["Embedder", "get_embedder", "make_embedder"]
