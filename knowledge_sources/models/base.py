"""The shared half of every backend: prompts in, parsed and validated answers out.

A backend implements one method, ``_complete(messages, request)``, that returns the model's
raw text under the request's constraint. ``BaseProvider`` builds the four faces on top of it:
it adds the option list or the schema to the prompt, parses the answer, checks it against
the choices or the schema, and raises ``ModelOutputError`` when it does not fit.
"""

from __future__ import annotations

import abc
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, overload

import jsonschema
from pydantic import BaseModel, ValidationError

from knowledge_sources.models.constraints import (
    ChoiceConstraint,
    Constraint,
    SchemaConstraint,
    choice_note,
    parse_choice,
    parse_json,
)
from knowledge_sources.models.embedding import BoardEmbedding, EmbedderSource
from knowledge_sources.models.errors import ModelOutputError
from knowledge_sources.models.messages import Message, Prompt, as_messages, with_note

M = TypeVar("M", bound=BaseModel)

DEFAULT_STRUCTURED_MAX_TOKENS = 1024
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Request:
    """What one completion call asks of the backend besides the messages."""

    constraint: Constraint | None = None
    max_tokens: int | None = None
    temperature: float | None = None


class BaseProvider(abc.ABC):
    """Implements ``ModelProvider`` on top of a backend's ``_complete``."""

    kind: ClassVar[str] = "base"
    """The provider's short name (``ollama``, ``openai``, ``outlines``, ``scripted``)."""

    def __init__(
        self,
        model: str,
        *,
        options: Mapping[str, Any] | None = None,
        embedder: EmbedderSource | None = None,
    ) -> None:
        self.model = model
        self.options: dict[str, Any] = dict(options or {})
        self._embedding = BoardEmbedding(embedder)

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.model}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    @abc.abstractmethod
    async def _complete(self, messages: list[Message], request: Request) -> str:
        """The model's raw answer to ``messages``, obeying ``request.constraint``."""

    async def generate(
        self,
        prompt: Prompt,
        *,
        system: str | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> str:
        messages = as_messages(prompt, system)
        return await self._complete(messages, Request(None, max_tokens, temperature))

    async def choose(
        self, prompt: Prompt, choices: Sequence[str], *, system: str | None = None
    ) -> str:
        constraint = ChoiceConstraint.of(choices)
        messages = with_note(as_messages(prompt, system), choice_note(constraint))
        request = Request(constraint, constraint.token_budget(), 0.0)
        raw = await self._complete(messages, request)
        return parse_choice(raw, constraint)

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
        constraint = schema_constraint(schema)
        note = (
            "Answer with one JSON document matching this JSON schema, and nothing else:\n"
            + json.dumps(constraint.schema)
        )
        messages = with_note(as_messages(prompt, system), note)
        request = Request(constraint, max_tokens or DEFAULT_STRUCTURED_MAX_TOKENS, None)
        raw = await self._complete(messages, request)
        return validate_structured(raw, schema)

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return await self._embedding.embed(texts)

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release connections or memory; nothing by default."""


def schema_constraint(schema: type[BaseModel] | dict[str, Any]) -> SchemaConstraint:
    """The JSON schema (and a safe name for it) of a pydantic model or a schema dict."""
    if isinstance(schema, dict):
        title = schema.get("title")
        name = title if isinstance(title, str) and title else "answer"
        return SchemaConstraint(schema, _safe_name(name))
    return SchemaConstraint(schema.model_json_schema(), _safe_name(schema.__name__))


def validate_structured(raw: str, schema: type[M] | dict[str, Any]) -> M | dict[str, Any]:
    """Parse ``raw`` as JSON and check it against ``schema``; ``ModelOutputError`` if not."""
    data = parse_json(raw)
    if isinstance(schema, dict):
        try:
            jsonschema.validate(data, schema)
        except jsonschema.ValidationError as exc:
            raise ModelOutputError(
                f"model answer does not match the schema: {exc.message}", raw
            ) from exc
        if not isinstance(data, dict):
            raise ModelOutputError(f"expected a JSON object, got {type(data).__name__}", raw)
        return data
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise ModelOutputError(
            f"model answer does not match {schema.__name__}: {exc.error_count()} error(s): "
            f"{exc.errors(include_url=False)[:3]}",
            raw,
        ) from exc


def _safe_name(name: str) -> str:
    return _UNSAFE_NAME.sub("_", name)[:64] or "answer"
