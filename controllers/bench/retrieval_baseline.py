"""The retrieval benchmark's baseline: LlamaIndex's defaults over the same corpus and model.

``SimpleDirectoryReader`` -> ``VectorStoreIndex.from_documents`` (its default transformation,
``SentenceSplitter()``; its default in-memory vector store) -> ``as_retriever``. The only
thing set is the embedding model: the board's own embedder, wrapped for LlamaIndex, so both
sides embed with the same weights.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from blackboard.embeddings.base import SharedEmbedder


def _embedding(embedder: SharedEmbedder) -> Any:
    """A LlamaIndex ``BaseEmbedding`` over ``embedder`` (defined lazily: llama-index)."""
    from llama_index.core.bridge.pydantic import PrivateAttr
    from llama_index.core.embeddings import BaseEmbedding

    class BoardEmbedding(BaseEmbedding):
        """The board's embedder as LlamaIndex sees it."""

        _embedder: SharedEmbedder = PrivateAttr()

        def __init__(self, shared: SharedEmbedder) -> None:
            super().__init__(model_name=shared.name)
            self._embedder = shared

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed(texts)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed([text])[0]

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed([query])[0]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return BoardEmbedding(embedder)


def baseline_results(
    corpus: Path, embedder: SharedEmbedder, questions: Sequence[str], k: int
) -> tuple[list[list[str]], list[float], int]:
    """For each question the documents (relative to ``corpus``) of LlamaIndex's top ``k``
    nodes, the seconds each retrieval took, and how many nodes the index holds."""
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    documents = SimpleDirectoryReader(
        str(corpus), recursive=True, required_exts=[".md"]
    ).load_data()
    index = VectorStoreIndex.from_documents(documents, embed_model=_embedding(embedder))
    retriever = index.as_retriever(similarity_top_k=k)
    root = corpus.resolve()
    results: list[list[str]] = []
    seconds: list[float] = []
    for question in questions:
        started = time.perf_counter()
        nodes = retriever.retrieve(question)
        seconds.append(time.perf_counter() - started)
        results.append(
            [
                Path(str(n.node.metadata["file_path"])).resolve().relative_to(root).as_posix()
                for n in nodes
            ]
        )
    return results, seconds, len(index.docstore.docs)
