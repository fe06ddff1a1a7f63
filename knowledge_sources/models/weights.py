"""Local model weights loaded once per process and shared by every soul that names them.

``shared_weights(path, gguf_file, device)`` returns the same ``Weights`` (model, tokenizer,
placement) for the same files on the same resolved device, however many souls or providers
(with whatever generation options) ask; ``generation_lock(path, gguf_file)`` the one lock that
serialises generation on those files. Loading happens on first use, under a lock, so two souls
starting together still load once.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge_sources.models.devices import resolve_device

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Weights:
    """A loaded model and tokenizer, and where its weights went (``cpu``, ``auto``, ``cuda:N``)."""

    model: Any
    tokenizer: Any
    device: str


_lock = threading.Lock()
_loaded: dict[tuple[str, str | None, str], Weights] = {}
_generation: dict[tuple[str, str | None], threading.Lock] = {}


def generation_lock(path: Path, gguf_file: str | None) -> threading.Lock:
    """The one lock every provider over these files generates under."""
    key = (str(path.resolve()), gguf_file)
    with _lock:
        return _generation.setdefault(key, threading.Lock())


def shared_weights(path: Path, gguf_file: str | None, device: str) -> Weights:
    """The process-wide weights at ``path`` (``gguf_file`` in it, if given) on ``device``."""
    from knowledge_sources.models.outlines_local import load_transformers

    placement = resolve_device(device)
    key = (str(path.resolve()), gguf_file, placement)
    with _lock:
        weights = _loaded.get(key)
        if weights is None:
            started = time.monotonic()
            model, tokenizer = load_transformers(path, gguf_file, placement)
            took = time.monotonic() - started
            logger.info("loaded %s on %s (%.1f s)", path / (gguf_file or ""), placement, took)
            weights = Weights(model, tokenizer, placement)
            _loaded[key] = weights
        return weights


def loaded_weights() -> int:
    """How many distinct weights this process holds (for tests and diagnostics)."""
    with _lock:
        return len(_loaded)
