"""Decisions a small model can make reliably: yes or no, and one number out of N.

Both go through ``ModelProvider.choose``, so a constrained backend (outlines, Ollama's
``format``, vLLM's structured outputs) can only answer with one of the options; the answer
comes back as a value, never as text to parse.
"""

from __future__ import annotations

from knowledge_sources.models.protocol import ModelProvider

YES = "yes"
NO = "no"


async def yes_no(model: ModelProvider, prompt: str, *, system: str | None = None) -> bool:
    """Whether the model answers ``yes`` to ``prompt`` (a yes/no question)."""
    return await model.choose(prompt, [YES, NO], system=system) == YES


async def pick_number(
    model: ModelProvider,
    prompt: str,
    count: int,
    *,
    system: str | None = None,
) -> int:
    """A number from 1 to ``count`` that the model picks."""
    if count < 1:
        raise ValueError("pick_number needs at least one number to pick from")
    options = [str(n) for n in range(1, count + 1)]
    return int(await model.choose(prompt, options, system=system))
