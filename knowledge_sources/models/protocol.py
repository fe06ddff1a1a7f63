"""The provider interface: four faces every backend offers.

- ``generate``: free text (prose, drafts, critiques).
- ``choose``: exactly one of N given strings; agents branch on the returned string.
- ``structured``: an object matching a pydantic model (or a dict matching a JSON schema).
- ``embed``: vectors for texts, from the board's shared embedder.

Every face is async. Unreachable models raise ``ModelUnavailableError`` (retry later);
answers of the wrong shape raise ``ModelOutputError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar, overload, runtime_checkable

from pydantic import BaseModel

from knowledge_sources.models.messages import Prompt

M = TypeVar("M", bound=BaseModel)


@runtime_checkable
class ModelProvider(Protocol):
    """A model a knowledge source thinks with."""

    @property
    def name(self) -> str:
        """``provider:model``, recorded with what the model produced."""
        ...

    async def generate(
        self,
        prompt: Prompt,
        *,
        system: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> str:
        """Free text in answer to ``prompt``."""
        ...

    async def choose(
        self, prompt: Prompt, choices: Sequence[str], *, system: str | None = None
    ) -> str:
        """Exactly one of ``choices`` (the string itself, never a paraphrase)."""
        ...

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
        """An instance of ``schema`` (a pydantic model), or a dict valid under a JSON schema."""
        ...

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors for ``texts`` (the board's embedder)."""
        ...

    async def aclose(self) -> None:
        """Release connections or memory held by the provider."""
        ...


def underlying(model: ModelProvider) -> ModelProvider:
    """The provider a wrapper stands for (a wrapper that times or counts calls sets
    ``wrapped``): what a source remembers per model must outlive one task's wrapper."""
    inner = getattr(model, "wrapped", None)
    return underlying(inner) if isinstance(inner, ModelProvider) else model
