"""Model time per task: a wrapper that adds up the seconds a task's model spends thinking.

The worker wraps the soul's model for each task (``worker.py``) and records the sum on the task
in the commit that ends the attempt (``result.model_s``, every attempt added), which the soul's
daily budget counts (``scans/budget.py``). Generating, choosing and filling a schema count;
embedding does not (that is the board's shared embedder). The wrapper is equal to (and hashes
like) the model it wraps, and names it as ``wrapped``, so what a source remembers per model
still holds across tasks (``knowledge_sources.models.protocol.underlying``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from knowledge_sources.models.messages import Prompt
from knowledge_sources.models.protocol import ModelProvider

M = TypeVar("M", bound=BaseModel)


class TimedModel:
    """``model``'s four faces, with the seconds spent in the thinking ones in ``seconds``."""

    def __init__(self, model: ModelProvider) -> None:
        self.model = model
        self.seconds = 0.0

    @property
    def wrapped(self) -> ModelProvider:
        """The model this one times."""
        return self.model

    def __eq__(self, other: object) -> bool:
        inner = other.model if isinstance(other, TimedModel) else other
        return bool(self.model == inner)

    def __hash__(self) -> int:
        return hash(self.model)

    @property
    def name(self) -> str:
        """The wrapped model's name."""
        return self.model.name

    async def generate(
        self,
        prompt: Prompt,
        *,
        system: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> str:
        """The wrapped model's text, timed."""
        start = time.perf_counter()
        try:
            return await self.model.generate(
                prompt, system=system, max_tokens=max_tokens, temperature=temperature
            )
        finally:
            self.seconds += time.perf_counter() - start

    async def choose(
        self, prompt: Prompt, choices: Sequence[str], *, system: str | None = None
    ) -> str:
        """The wrapped model's choice, timed."""
        start = time.perf_counter()
        try:
            return await self.model.choose(prompt, choices, system=system)
        finally:
            self.seconds += time.perf_counter() - start

    @overload
    async def structured(
        self,
        prompt: Prompt,
        schema: type[M],
        *,
        system: str | None = None,
        max_tokens: int | None = None,
    ) -> M: ...

    @overload
    async def structured(
        self,
        prompt: Prompt,
        schema: dict[str, Any],
        *,
        system: str | None = None,
        max_tokens: int | None = None,
    ) -> dict[str, Any]: ...

    async def structured(
        self,
        prompt: Prompt,
        schema: type[M] | dict[str, Any],
        *,
        system: str | None = None,
        max_tokens: int | None = None,
    ) -> M | dict[str, Any]:
        """The wrapped model's object, timed."""
        start = time.perf_counter()
        try:
            return await self.model.structured(prompt, schema, system=system, max_tokens=max_tokens)
        finally:
            self.seconds += time.perf_counter() - start

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """The wrapped model's vectors (not timed: the board's embedder)."""
        return await self.model.embed(texts)

    async def aclose(self) -> None:
        """Close the wrapped model."""
        await self.model.aclose()


def model_seconds(result: dict[str, Any]) -> float:
    """The model seconds a task's result records (0 when none): its earlier attempts'."""
    value = result.get("model_s", 0.0)
    return float(value) if isinstance(value, int | float) else 0.0
