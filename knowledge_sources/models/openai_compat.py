"""The OpenAI-compatible backend (vLLM, llama.cpp server, LM Studio, ...) over plain httpx.

``POST {base_url}/chat/completions``. Constrained answers use one of three request styles
(``guided_style``):

- ``structured_outputs`` (vLLM >= 0.10, the only one vLLM >= 0.12 accepts):
  ``{"structured_outputs": {"choice": [...]}}`` / ``{"structured_outputs": {"json": schema}}``;
- ``guided`` (older vLLM): ``{"guided_choice": [...]}`` / ``{"guided_json": schema}``;
- ``response_format`` (any server with OpenAI JSON-schema output): both as
  ``response_format={"type": "json_schema", ...}``; a choice is wrapped as
  ``{"choice": <enum>}`` and unwrapped again when parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

import httpx

from blackboard.redact_urls import redact_urls
from knowledge_sources.models.base import BaseProvider, Request
from knowledge_sources.models.constraints import ChoiceConstraint, Constraint
from knowledge_sources.models.embedding import EmbedderSource
from knowledge_sources.models.errors import (
    ModelConfigError,
    ModelOutputError,
    ModelRequestError,
    ModelUnavailableError,
)
from knowledge_sources.models.messages import Message

GuidedStyle = Literal["structured_outputs", "guided", "response_format"]
GUIDED_STYLES: tuple[str, ...] = get_args(GuidedStyle)
DEFAULT_TIMEOUT_S = 600.0
_TRANSIENT_STATUS = {404, 408, 409, 425, 429}


def api_root(base_url: str) -> str:
    """``base_url`` ending in ``/v1`` (appended when the URL names only the server)."""
    url = base_url.rstrip("/")
    if not url:
        raise ModelConfigError("an OpenAI-compatible provider needs a base URL")
    return url if urlsplit(url).path.endswith("/v1") else f"{url}/v1"


def constraint_params(constraint: Constraint | None, style: GuidedStyle) -> dict[str, Any]:
    """The extra request-body fields that impose ``constraint`` in ``style``."""
    if constraint is None:
        return {}
    if isinstance(constraint, ChoiceConstraint):
        options = list(constraint.options)
        if style == "structured_outputs":
            return {"structured_outputs": {"choice": options}}
        if style == "guided":
            return {"guided_choice": options}
        wrapped = {
            "type": "object",
            "properties": {"choice": constraint.json_schema()},
            "required": ["choice"],
            "additionalProperties": False,
        }
        return _response_format("choice", wrapped)
    if style == "structured_outputs":
        return {"structured_outputs": {"json": constraint.schema}}
    if style == "guided":
        return {"guided_json": constraint.schema}
    return _response_format(constraint.name, constraint.schema)


def _response_format(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": True},
        }
    }


class OpenAICompatProvider(BaseProvider):
    """A model behind an OpenAI-style ``/v1/chat/completions`` endpoint."""

    kind = "openai"

    def __init__(
        self,
        model: str,
        *,
        base_url: str,
        api_key: str | None = None,
        options: Mapping[str, Any] | None = None,
        guided_style: str = "structured_outputs",
        timeout_s: float = DEFAULT_TIMEOUT_S,
        embedder: EmbedderSource | None = None,
    ) -> None:
        super().__init__(model, options=options, embedder=embedder)
        if guided_style not in GUIDED_STYLES:
            raise ModelConfigError(
                f"unknown guided_style {guided_style!r}; use one of {list(GUIDED_STYLES)}"
            )
        self.guided_style: GuidedStyle = guided_style  # type: ignore[assignment]
        self.base_url = api_root(base_url)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=timeout_s)

    def request_body(self, messages: list[Message], request: Request) -> dict[str, Any]:
        """The JSON body of one chat-completion request."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [m.as_dict() for m in messages],
            "stream": False,
            **self.options,
        }
        if request.max_tokens is not None:
            body["max_tokens"] = request.max_tokens
        if request.temperature is not None:
            body["temperature"] = request.temperature
        body.update(constraint_params(request.constraint, self.guided_style))
        return body

    async def _complete(self, messages: list[Message], request: Request) -> str:
        body = self.request_body(messages, request)
        where = redact_urls(f"{self.base_url}/chat/completions")
        try:
            response = await self._client.post("/chat/completions", json=body)
        except httpx.HTTPError as exc:
            raise ModelUnavailableError(
                f"model server {where} is unreachable ({type(exc).__name__}: {exc})"
            ) from exc
        if response.status_code != 200:
            detail = (
                f"model server {where} answered {response.status_code} for model "
                f"{self.model!r}: {response.text[:300]}"
            )
            status = response.status_code
            if status >= 500 or status in _TRANSIENT_STATUS:
                raise ModelUnavailableError(detail)
            raise ModelRequestError(detail)
        return _content(response)

    async def aclose(self) -> None:
        await self._client.aclose()


def _content(response: httpx.Response) -> str:
    try:
        payload = response.json()
        content = payload["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ModelOutputError(
            f"unexpected chat-completion response ({type(exc).__name__}: {exc}): "
            f"{response.text[:300]!r}",
            response.text,
        ) from exc
    if not isinstance(content, str):
        raise ModelOutputError(f"chat-completion content is not text: {content!r}", response.text)
    return content
