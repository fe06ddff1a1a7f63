"""A soul's ``model:`` block: which provider, which model, with which options.

Secrets never appear here: an API key is named by its environment variable (``api_key_env``).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge_sources.models.devices import check_device

ProviderName = Literal["ollama", "openai", "outlines", "smollm2", "scripted"]
"""``ollama``: an Ollama server. ``openai``: an OpenAI-compatible server (vLLM).
``outlines``: a local transformers model (``name`` is its directory, or a ``.gguf`` file).
``smollm2``: the bundled offline SmolLM2-135M-Instruct. ``scripted``: canned answers (tests)."""

_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_NEEDS_NAME = {"ollama", "openai", "outlines"}


class ModelConfig(BaseModel):
    """How an agent reaches its model."""

    model_config = ConfigDict(extra="forbid")

    provider: ProviderName = "smollm2"
    name: str = Field(default="", description="Model name on the server, or a local path.")
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Passed to the backend as is (Ollama options, OpenAI body fields, "
        "transformers generate() arguments).",
    )
    base_url: str | None = Field(
        default=None, description="Server URL; unset = GA_OLLAMA_URL / GA_OPENAI_URL."
    )
    api_key_env: str | None = Field(
        default=None, description="Name of the environment variable holding the API key."
    )
    guided_style: Literal["structured_outputs", "guided", "response_format"] | None = None
    timeout_s: float | None = Field(default=None, gt=0)
    device: str | None = Field(
        default=None,
        description="Local models (outlines, smollm2): cpu, cuda, cuda:N or auto (accelerate's "
        "device map; the CPU when no GPU is visible); unset = GA_MODEL_DEVICE.",
    )

    @field_validator("device")
    @classmethod
    def _device(cls, value: str | None) -> str | None:
        return None if value is None else check_device(value)

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.match(value):
            raise ValueError(
                f"must be an environment variable NAME like OPENAI_API_KEY, not {value!r} "
                "(never put the secret itself in a soul)"
            )
        return value

    @model_validator(mode="after")
    def _name_when_needed(self) -> ModelConfig:
        if self.provider in _NEEDS_NAME and not self.name.strip():
            raise ValueError(f"provider {self.provider!r} needs a model name")
        return self

    @property
    def label(self) -> str:
        """``provider:name`` (what the board records as the agent's model)."""
        return f"{self.provider}:{self.name}" if self.name else self.provider
