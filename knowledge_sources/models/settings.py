"""Where the souls and the model servers live, read from the environment (prefix ``GA_``).

A soul names a provider and a model; these settings say how to reach the servers. A provider
whose server is not configured falls back to the offline SmolLM2 (unless that is turned off).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge_sources.models.devices import check_device


class ModelSettings(BaseSettings):
    """``GA_SOULS_DIR``, ``GA_OLLAMA_URL``, ``GA_OPENAI_URL``, ``GA_OPENAI_API_KEY`` and friends."""

    model_config = SettingsConfigDict(env_prefix="GA_", extra="ignore", protected_namespaces=())

    souls_dir: Path | None = Field(
        default=None, description="Where the souls' files are; unset = the shipped souls/."
    )
    patterns_dir: Path | None = Field(
        default=None,
        description="A folder of prompt patterns (Fabric's layout) that override the shipped.",
    )
    ollama_url: str = Field(default="", description="e.g. http://ollama:11434; empty = none.")
    ollama_keep_alive: str | None = Field(
        default=None, description="How long Ollama keeps a model loaded (e.g. '30m')."
    )
    openai_url: str = Field(default="", description="e.g. http://vllm:8000/v1; empty = none.")
    openai_api_key: SecretStr | None = None
    openai_guided_style: Literal["structured_outputs", "guided", "response_format"] = (
        "structured_outputs"
    )
    model_timeout_s: float = Field(default=600.0, gt=0, description="Per request; models are slow.")
    model_offline_fallback: bool = Field(
        default=True,
        description="Use the bundled SmolLM2 when a soul's server is not configured.",
    )
    model_provider: Literal["", "smollm2", "scripted"] = Field(
        default="",
        description="Force every soul onto one provider (tests, offline demos); empty = per soul.",
    )
    model_scripted_latency_s: float = Field(
        default=0.0,
        ge=0.0,
        description="Seconds each call of the scripted provider waits (benchmarks, scale tests).",
    )
    model_device: str = Field(
        default="auto",
        description="Where local models (outlines, smollm2) run unless a soul says: cpu, cuda, "
        "cuda:N or auto (the GPUs through accelerate's device map; the CPU when there is none).",
    )

    @field_validator("model_device")
    @classmethod
    def _device(cls, value: str) -> str:
        return check_device(value)
