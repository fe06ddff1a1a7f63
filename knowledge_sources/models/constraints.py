"""What a request constrains the answer to: one of N strings, or JSON matching a schema.

Backends translate a constraint into their own mechanism (Ollama's ``format``, vLLM's
structured outputs, an outlines logits processor); the parsing helpers here turn the raw
text that comes back into the value the caller asked for, or raise ``ModelOutputError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from knowledge_sources.models.errors import ModelOutputError

_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ChoiceConstraint:
    """The answer must be exactly one of ``options``."""

    options: tuple[str, ...]

    @classmethod
    def of(cls, choices: Sequence[str]) -> ChoiceConstraint:
        """Validate ``choices`` (non-empty, distinct, non-blank strings) and wrap them."""
        options = tuple(choices)
        if not options:
            raise ValueError("choose() needs at least one choice")
        if any(not isinstance(o, str) or not o.strip() for o in options):
            raise ValueError(f"choices must be non-blank strings, got {options!r}")
        if len(set(options)) != len(options):
            raise ValueError(f"choices must be distinct, got {options!r}")
        return cls(options)

    def json_schema(self) -> dict[str, Any]:
        """The JSON schema of a string that is one of the options."""
        return {"type": "string", "enum": list(self.options)}

    def token_budget(self) -> int:
        """Enough new tokens to spell out the longest option even one byte per token,
        plus room for JSON quotes, stray whitespace and the end-of-sequence token."""
        return max(len(o.encode()) for o in self.options) + 16


@dataclass(frozen=True, slots=True)
class SchemaConstraint:
    """The answer must be a JSON document matching ``schema``."""

    schema: dict[str, Any]
    name: str = "answer"

    def key(self) -> str:
        """A stable, hashable identity of the schema (for caches)."""
        return json.dumps(self.schema, sort_keys=True)


Constraint = ChoiceConstraint | SchemaConstraint


def choice_note(constraint: ChoiceConstraint) -> str:
    """The instruction appended to a choice prompt, so the model knows the options."""
    listed = "\n".join(f"- {o}" for o in constraint.options)
    return f"Answer with exactly one of these options and nothing else:\n{listed}"


def parse_choice(raw: str, constraint: ChoiceConstraint) -> str:
    """The option ``raw`` names: exact text, a JSON string, or a one-field JSON object.

    A case-insensitive match is accepted when it is unambiguous; anything else raises
    ``ModelOutputError``.
    """
    options = constraint.options
    candidates = [raw, raw.strip()]
    decoded = _loads_or_none(raw.strip())
    if isinstance(decoded, str):
        candidates.append(decoded)
    elif isinstance(decoded, dict) and len(decoded) == 1:
        only = next(iter(decoded.values()))
        if isinstance(only, str):
            candidates.append(only)
    candidates.append(raw.strip().strip("\"'`").rstrip(".").strip())
    for candidate in candidates:
        if candidate in options:
            return candidate
    folded = [o for o in options if o.casefold() in {c.casefold() for c in candidates}]
    if len(folded) == 1:
        return folded[0]
    shown = raw if len(raw) <= 200 else raw[:200] + "..."
    raise ModelOutputError(f"model answered {shown!r}, not one of {list(options)!r}", raw)


def parse_json(raw: str) -> Any:
    """Decode a JSON answer (tolerating a markdown code fence around it)."""
    text = raw.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        shown = raw if len(raw) <= 200 else raw[:200] + "..."
        raise ModelOutputError(f"model answered malformed JSON ({exc}): {shown!r}", raw) from exc


def _loads_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return None
