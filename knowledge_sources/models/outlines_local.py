"""Local models through transformers, constrained by outlines (1.x API).

``outlines.from_transformers(model, tokenizer)`` wraps a loaded model; a choice becomes a
``Literal[...]`` output type and a structured answer a JSON-schema output type, both compiled
to a regex-driven logits processor (outlines-core) so the model cannot produce anything else.
Compiled processors are cached per constraint; the vocabulary is indexed once, byte-exact for
byte-level tokenizers (see ``byte_vocab``) so options may hold any Unicode. Generation runs in
a worker thread, one request at a time per model.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from knowledge_sources.models.base import BaseProvider, Request
from knowledge_sources.models.byte_vocab import byte_vocabulary
from knowledge_sources.models.constraints import ChoiceConstraint, Constraint
from knowledge_sources.models.embedding import EmbedderSource
from knowledge_sources.models.errors import ModelConfigError, ModelRequestError
from knowledge_sources.models.messages import Message, render_plain

DEFAULT_MAX_NEW_TOKENS = 512
_PROCESSOR_CACHE_SIZE = 32


def offline_hub() -> None:
    """Make sure nothing tries to reach a model hub while loading local files."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def load_transformers(
    path: Path, gguf_file: str | None = None, placement: str = "cpu"
) -> tuple[Any, Any]:
    """Load a causal LM and its tokenizer from a local directory (optionally a GGUF file in it)
    onto ``placement``: ``cpu``, ``cuda:N`` or ``auto`` (accelerate's device map); see
    ``devices.resolve_device``. This loads anew each call: ``weights.shared_weights`` shares."""
    offline_hub()
    if not path.exists():
        raise ModelConfigError(f"local model path {path} does not exist")
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    quiet: Any = hf_logging.disable_progress_bar
    quiet()
    kwargs: dict[str, Any] = {"local_files_only": True}
    if gguf_file:
        kwargs["gguf_file"] = gguf_file
    try:
        with no_gguf_progress_bar():
            tokenizer: Any = AutoTokenizer.from_pretrained(str(path), **kwargs)
            if placement != "cpu":
                kwargs["device_map"] = placement
            model: Any = AutoModelForCausalLM.from_pretrained(str(path), **kwargs)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelConfigError(f"cannot load the local model at {path}: {exc}") from exc
    model.eval()
    return model, tokenizer


@contextlib.contextmanager
def no_gguf_progress_bar() -> Iterator[None]:
    """Keep transformers' GGUF conversion bar out of the log while a model loads.

    transformers draws it with a bare ``tqdm`` that neither its ``disable_progress_bar`` nor
    ``TRANSFORMERS_VERBOSITY`` reaches (and tqdm reads ``TQDM_DISABLE`` only when first
    imported), so the module's ``tqdm`` is swapped for a disabled one during the load.
    """
    gguf_utils: Any = importlib.import_module("transformers.modeling_gguf_pytorch_utils")
    drawing = gguf_utils.tqdm
    gguf_utils.tqdm = functools.partial(drawing, disable=True)
    try:
        yield
    finally:
        gguf_utils.tqdm = drawing


Loader = Callable[[], tuple[Any, Any]]
"""Returns ``(model, tokenizer)``; called once, in a worker thread, on first use."""


@dataclass(frozen=True, slots=True)
class _Loaded:
    outlines_model: Any
    tokenizer: Any
    chat: bool


class OutlinesProvider(BaseProvider):
    """A transformers model on this machine, with outlines-constrained choice and JSON.

    Give it a loaded ``model`` and ``tokenizer``, or a ``loader`` that loads them on first use
    (off the event loop: loading a real model takes seconds to minutes).
    """

    kind = "outlines"

    def __init__(
        self,
        model: Any = None,
        tokenizer: Any = None,
        *,
        name: str,
        loader: Loader | None = None,
        lock: threading.Lock | None = None,
        options: Mapping[str, Any] | None = None,
        embedder: EmbedderSource | None = None,
    ) -> None:
        super().__init__(name, options=options, embedder=embedder)
        if loader is None:
            if model is None or tokenizer is None:
                raise ValueError("OutlinesProvider needs a model and a tokenizer, or a loader")

            def loader() -> tuple[Any, Any]:
                return model, tokenizer

        self._loader: Loader = loader
        self._state: _Loaded | None = None
        self._vocab: Any = None
        self._processors: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._lock = lock or threading.Lock()
        """Serialises loading and generation; share it between providers over one model."""

    @classmethod
    def from_path(
        cls,
        location: str | Path,
        *,
        options: Mapping[str, Any] | None = None,
        embedder: EmbedderSource | None = None,
        device: str = "cpu",
    ) -> OutlinesProvider:
        """A local model directory, or a ``.gguf`` file (needs ``gguf``), loaded on first use
        onto ``device`` (see ``devices``), once per process whoever else names it."""
        path = Path(location).expanduser()
        if not path.exists():
            raise ModelConfigError(f"local model path {path} does not exist")
        gguf_file = path.name if path.suffix == ".gguf" else None
        directory = path.parent if gguf_file else path
        return cls.shared(
            directory, gguf_file, device, name=str(location), options=options, embedder=embedder
        )

    @classmethod
    def shared(
        cls,
        directory: Path,
        gguf_file: str | None,
        device: str,
        *,
        name: str,
        options: Mapping[str, Any] | None = None,
        embedder: EmbedderSource | None = None,
    ) -> OutlinesProvider:
        """A provider over the process-wide weights in ``directory`` on ``device`` (checked
        now: a GPU that is not there is an error at start, not at the first question)."""
        from knowledge_sources.models.devices import resolve_device
        from knowledge_sources.models.weights import generation_lock, shared_weights

        placement = resolve_device(device)

        def loader() -> tuple[Any, Any]:
            weights = shared_weights(directory, gguf_file, placement)
            return weights.model, weights.tokenizer

        return cls(
            name=name,
            loader=loader,
            lock=generation_lock(directory, gguf_file),
            options=options,
            embedder=embedder,
        )

    def load(self) -> None:
        """Load the model now (blocking) instead of on the first request."""
        with self._lock:
            self._loaded()

    def _loaded(self) -> _Loaded:
        if self._state is None:
            import outlines

            model, tokenizer = self._loader()
            self._state = _Loaded(
                outlines.from_transformers(model, tokenizer),
                tokenizer,
                bool(getattr(tokenizer, "chat_template", None)),
            )
        return self._state

    async def _complete(self, messages: list[Message], request: Request) -> str:
        return await asyncio.to_thread(self._run, messages, request)

    def _run(self, messages: list[Message], request: Request) -> str:
        from outlines import Generator
        from outlines.inputs import Chat

        with self._lock:
            state = self._loaded()
            prompt: Any = (
                Chat([m.as_dict() for m in messages]) if state.chat else render_plain(messages)
            )
            processor = self._processor(request.constraint)
            if processor is None:
                generator = Generator(state.outlines_model)
            else:
                generator = Generator(state.outlines_model, processor=processor)
            output = generator(prompt, **self._generate_kwargs(request))
        return output if isinstance(output, str) else str(output)

    def _generate_kwargs(self, request: Request) -> dict[str, Any]:
        kwargs = dict(self.options)
        default_max = int(kwargs.pop("max_new_tokens", DEFAULT_MAX_NEW_TOKENS))
        temperature = request.temperature
        if temperature is None:
            temperature = kwargs.pop("temperature", None)
        else:
            kwargs.pop("temperature", None)
        max_new = request.max_tokens or default_max
        if isinstance(request.constraint, ChoiceConstraint):
            max_new = max(max_new, request.constraint.token_budget())
        kwargs["max_new_tokens"] = max_new
        if temperature:
            kwargs.update(do_sample=True, temperature=float(temperature))
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        return kwargs

    def _processor(self, constraint: Constraint | None) -> Any:
        """The compiled logits processor for ``constraint`` (cached), or None for free text."""
        if constraint is None:
            return None
        if isinstance(constraint, ChoiceConstraint):
            key = ("choice", json.dumps(constraint.options))
        else:
            key = ("schema", constraint.key())
        cached = self._processors.get(key)
        if cached is not None:
            self._processors.move_to_end(key)
            return cached
        processor = self._compile(constraint)
        self._processors[key] = processor
        if len(self._processors) > _PROCESSOR_CACHE_SIZE:
            self._processors.popitem(last=False)
        return processor

    def _compile(self, constraint: Constraint) -> Any:
        """Constraint -> regex -> outlines-core index over the vocabulary -> logits processor."""
        from outlines.backends.outlines_core import OutlinesCoreLogitsProcessor
        from outlines.types.dsl import python_types_to_terms, to_regex
        from outlines_core import Index  # type: ignore[import-untyped]
        from outlines_core.json_schema import (  # type: ignore[import-untyped]
            build_regex_from_schema,
        )

        if isinstance(constraint, ChoiceConstraint):
            literal: Any = Literal
            regex = to_regex(python_types_to_terms(literal[constraint.options]))
        else:
            regex = build_regex_from_schema(json.dumps(constraint.schema))
        try:
            index = Index(regex, self._vocabulary())
        except ValueError as exc:
            raise ModelRequestError(
                f"{self.name} cannot spell the requested output with its vocabulary: {exc}"
            ) from exc
        return OutlinesCoreLogitsProcessor(index, self._loaded().outlines_model.tensor_library_name)

    def _vocabulary(self) -> Any:
        """The outlines-core vocabulary, built once: byte-exact when the tokenizer allows."""
        if self._vocab is None:
            state = self._loaded()
            vocab = byte_vocabulary(state.tokenizer)
            if vocab is None:
                from outlines.backends.outlines_core import OutlinesCoreBackend

                vocab = OutlinesCoreBackend(state.outlines_model).vocabulary
            self._vocab = vocab
        return self._vocab
