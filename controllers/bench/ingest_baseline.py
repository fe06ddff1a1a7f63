"""The baseline for ``bench ingest``: a plain LlamaIndex ``IngestionPipeline`` into pgvector.

``SimpleDirectoryReader`` -> ``MarkdownNodeParser`` -> ``SentenceSplitter`` (the same chunk
size and overlap as ours) -> the same all-MiniLM-L6-v2 weights through a LlamaIndex embedding
wrapper -> ``PGVectorStore`` with an HNSW cosine index and a full-text column, i.e. the same
index work the board does. Embedding batch size defaults to LlamaIndex's own default.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blackboard.database import Database
from blackboard.errors import BoardError

BASELINE_TABLE = "baseline"


def _embedding_class() -> type[Any]:
    """``BaseEmbedding`` over a sentence-transformers model (defined lazily: llama-index)."""
    from llama_index.core.bridge.pydantic import PrivateAttr
    from llama_index.core.embeddings import BaseEmbedding

    class SentenceTransformerEmbedding(BaseEmbedding):
        """What llama-index-embeddings-huggingface does, on an already loaded model."""

        _model: Any = PrivateAttr()

        def __init__(self, model: Any, embed_batch_size: int) -> None:
            super().__init__(model_name="all-MiniLM-L6-v2", embed_batch_size=embed_batch_size)
            self._model = model

        def _encode(self, texts: Sequence[str]) -> list[list[float]]:
            vectors = self._model.encode(
                list(texts),
                batch_size=len(texts),
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            return [[float(x) for x in row] for row in vectors]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._encode(texts)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._encode([text])[0]

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._encode([query])[0]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return SentenceTransformerEmbedding


@dataclass(frozen=True)
class BaselineRun:
    """What the baseline stored and how long it took."""

    chunks: int
    seconds: float
    embed_batch_size: int


def default_embed_batch_size() -> int:
    """LlamaIndex's default embedding batch size (what HuggingFaceEmbedding uses)."""
    from llama_index.core.constants import DEFAULT_EMBED_BATCH_SIZE

    return int(DEFAULT_EMBED_BATCH_SIZE)


def run_baseline(
    db: Database,
    corpus: Path,
    model: Any,
    chunk_size: int,
    chunk_overlap: int,
    embed_batch_size: int,
) -> BaselineRun:
    """Ingest ``corpus`` with the LlamaIndex pipeline into ``db``; time it end to end."""
    from llama_index.core import SimpleDirectoryReader
    from llama_index.core.ingestion import IngestionPipeline
    from llama_index.core.node_parser import MarkdownNodeParser, SentenceSplitter

    try:
        from llama_index.vector_stores.postgres import PGVectorStore
    except ImportError as exc:
        raise BoardError(
            "the baseline needs llama-index-vector-stores-postgres: "
            "pip install 'gitea-assistants[bench]'"
        ) from exc

    store = PGVectorStore.from_params(
        connection_string=db.sqlalchemy_url,
        async_connection_string=db.sqlalchemy_url,
        table_name=BASELINE_TABLE,
        embed_dim=384,
        hybrid_search=True,
        hnsw_kwargs={
            "hnsw_m": 16,
            "hnsw_ef_construction": 64,
            "hnsw_ef_search": 40,
            "hnsw_dist_method": "vector_cosine_ops",
        },
    )
    embedding = _embedding_class()(model, embed_batch_size)
    started = time.perf_counter()
    documents = SimpleDirectoryReader(
        str(corpus), recursive=True, required_exts=[".md"]
    ).load_data()
    pipeline = IngestionPipeline(
        transformations=[
            MarkdownNodeParser(),
            SentenceSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap),
            embedding,
        ],
        vector_store=store,
    )
    nodes = pipeline.run(documents=documents)
    seconds = time.perf_counter() - started
    return BaselineRun(chunks=len(nodes), seconds=seconds, embed_batch_size=embed_batch_size)
