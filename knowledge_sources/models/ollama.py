"""The Ollama backend (the ``ollama`` client against ``/api/chat``).

Choices and structured answers use Ollama's ``format`` parameter with a JSON schema: a
string ``enum`` for ``choose``, the pydantic model's schema for ``structured``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import ollama

from blackboard.redact_urls import redact_urls
from knowledge_sources.models.base import BaseProvider, Request
from knowledge_sources.models.constraints import ChoiceConstraint
from knowledge_sources.models.embedding import EmbedderSource
from knowledge_sources.models.errors import (
    ModelOutputError,
    ModelRequestError,
    ModelUnavailableError,
)
from knowledge_sources.models.messages import Message

DEFAULT_TIMEOUT_S = 600.0
_TRANSIENT_STATUS = {404, 408, 429}


class OllamaProvider(BaseProvider):
    """A model served by Ollama."""

    kind = "ollama"

    def __init__(
        self,
        model: str,
        *,
        host: str,
        options: Mapping[str, Any] | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        keep_alive: str | None = None,
        embedder: EmbedderSource | None = None,
    ) -> None:
        super().__init__(model, options=options, embedder=embedder)
        self.host = host.rstrip("/")
        self.keep_alive = keep_alive
        self._client = ollama.AsyncClient(host=self.host, timeout=timeout_s)

    async def _complete(self, messages: list[Message], request: Request) -> str:
        options = dict(self.options)
        if request.temperature is not None:
            options["temperature"] = request.temperature
        if request.max_tokens is not None:
            options["num_predict"] = request.max_tokens
        constraint = request.constraint
        if constraint is None:
            fmt: dict[str, Any] | None = None
        elif isinstance(constraint, ChoiceConstraint):
            fmt = constraint.json_schema()
        else:
            fmt = constraint.schema
        try:
            response = await self._client.chat(
                model=self.model,
                messages=[m.as_dict() for m in messages],
                format=fmt,
                options=options or None,
                keep_alive=self.keep_alive,
                stream=False,
            )
        except ollama.ResponseError as exc:
            raise _response_error(redact_urls(self.host), self.model, exc) from exc
        except (ConnectionError, httpx.HTTPError) as exc:
            raise ModelUnavailableError(
                f"Ollama at {redact_urls(self.host)} is unreachable ({type(exc).__name__}: {exc})"
            ) from exc
        except ValueError as exc:  # a body that is not JSON, or JSON of the wrong shape
            raise ModelOutputError(
                f"Ollama at {redact_urls(self.host)} sent an unexpected response: {str(exc)[:300]}"
            ) from exc
        content = response.message.content
        if content is None:
            raise ModelOutputError(f"Ollama {self.model} returned a message without content")
        return content

    async def aclose(self) -> None:
        close: Any = self._client.close
        await close()


def _response_error(host: str, model: str, exc: ollama.ResponseError) -> Exception:
    status = exc.status_code
    detail = f"Ollama at {host} answered {status} for model {model!r}: {exc.error}"
    if status == 404:
        return ModelUnavailableError(f"{detail} (is the model pulled? `ollama pull {model}`)")
    if status >= 500 or status in _TRANSIENT_STATUS or status < 0:
        return ModelUnavailableError(detail)
    return ModelRequestError(detail)
