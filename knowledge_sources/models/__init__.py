"""The model layer: one provider interface (generate, choose, structured, embed), several backends.

Backends: Ollama, OpenAI-compatible servers (vLLM), local transformers models constrained by
outlines (with the bundled SmolLM2 as the offline default), and a scripted model for tests.
Backends are imported lazily by the factory, so importing this package loads no model library.
"""

from knowledge_sources.models.base import BaseProvider, Request
from knowledge_sources.models.config import ModelConfig, ProviderName
from knowledge_sources.models.errors import (
    ModelConfigError,
    ModelError,
    ModelOutputError,
    ModelRequestError,
    ModelUnavailableError,
)
from knowledge_sources.models.factory import close_providers, get_provider, make_provider
from knowledge_sources.models.messages import Message, Prompt, assistant, system, user
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.models.settings import ModelSettings

__all__ = [
    "BaseProvider",
    "Message",
    "ModelConfig",
    "ModelConfigError",
    "ModelError",
    "ModelOutputError",
    "ModelProvider",
    "ModelRequestError",
    "ModelSettings",
    "ModelUnavailableError",
    "Prompt",
    "ProviderName",
    "Request",
    "assistant",
    "close_providers",
    "get_provider",
    "make_provider",
    "system",
    "user",
]
