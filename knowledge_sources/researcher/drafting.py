"""Which models write the structured draft: decided by what each one does, not by its name.

Every model is first asked for the structured draft. One whose answer is malformed (a small
model copies the schema or repeats itself up to the token cap), or whose citations after
revision do not hold a single quote, is remembered here for the life of the process, and its
later notes go straight to the constrained-choice path (``choice.py``) instead of paying for
another failed draft. Providers are remembered by identity (the factory shares one per
configuration; a per-task wrapper is seen through with ``underlying``), and forgotten with them.
"""

from __future__ import annotations

import weakref

from knowledge_sources.models.protocol import ModelProvider, underlying

_cannot_draft: weakref.WeakSet[ModelProvider] = weakref.WeakSet()


def may_draft(model: ModelProvider) -> bool:
    """Whether ``model`` has not yet failed to write a structured draft."""
    return underlying(model) not in _cannot_draft


def cannot_draft(model: ModelProvider) -> None:
    """Remember that ``model`` failed to write a usable structured draft."""
    _cannot_draft.add(underlying(model))
