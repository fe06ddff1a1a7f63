"""From a soul's ``model:`` block (plus settings) to a provider.

- ``ollama`` / ``openai``: the soul's ``base_url``, else ``GA_OLLAMA_URL`` / ``GA_OPENAI_URL``;
  with neither, the offline SmolLM2 (when ``GA_MODEL_OFFLINE_FALLBACK`` allows, else an error).
- ``outlines``: a local transformers model at the path ``name`` (directory or ``.gguf``), on
  the soul's ``device`` (else ``GA_MODEL_DEVICE``); weights shared per process (``weights``).
- ``smollm2``: the bundled offline model. ``scripted``: a lenient ``ScriptedModel``.
- ``GA_MODEL_PROVIDER=smollm2|scripted`` puts every soul on that provider.

``get_provider`` keeps one provider per distinct configuration for the whole process, so
agents that share a model share its connection pool (or its one copy in memory).
"""

from __future__ import annotations

import json
import logging
import os
import threading

from knowledge_sources.models.config import ModelConfig
from knowledge_sources.models.embedding import EmbedderSource
from knowledge_sources.models.errors import ModelConfigError
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.models.settings import ModelSettings

log = logging.getLogger(__name__)

_lock = threading.Lock()
_providers: dict[str, ModelProvider] = {}


def make_provider(
    config: ModelConfig,
    settings: ModelSettings,
    *,
    embedder: EmbedderSource | None = None,
) -> ModelProvider:
    """A new provider for ``config`` (see the module docstring for the rules)."""
    provider = settings.model_provider or config.provider
    timeout = config.timeout_s or settings.model_timeout_s
    if provider == "scripted":
        from knowledge_sources.models.scripted import ScriptedModel

        return ScriptedModel(
            config.name or "scripted",
            strict=False,
            embedder=embedder,
            latency_s=settings.model_scripted_latency_s,
        )
    if provider == "smollm2":
        return _smollm2(config, settings, embedder)
    if provider == "outlines":
        from knowledge_sources.models.outlines_local import OutlinesProvider

        return OutlinesProvider.from_path(
            config.name,
            options=config.options,
            embedder=embedder,
            device=config.device or settings.model_device,
        )
    if provider == "ollama":
        url = config.base_url or settings.ollama_url
        if not url:
            return _fallback(config, settings, "GA_OLLAMA_URL", embedder)
        from knowledge_sources.models.ollama import OllamaProvider

        return OllamaProvider(
            config.name,
            host=url,
            options=config.options,
            timeout_s=timeout,
            keep_alive=settings.ollama_keep_alive,
            embedder=embedder,
        )
    if provider == "openai":
        url = config.base_url or settings.openai_url
        if not url:
            return _fallback(config, settings, "GA_OPENAI_URL", embedder)
        from knowledge_sources.models.openai_compat import OpenAICompatProvider

        return OpenAICompatProvider(
            config.name,
            base_url=url,
            api_key=_api_key(config, settings),
            options=config.options,
            guided_style=config.guided_style or settings.openai_guided_style,
            timeout_s=timeout,
            embedder=embedder,
        )
    raise ModelConfigError(f"unknown model provider {provider!r}")  # pragma: no cover


def get_provider(
    config: ModelConfig,
    settings: ModelSettings,
    *,
    embedder: EmbedderSource | None = None,
) -> ModelProvider:
    """The process-wide provider for ``config`` (built on first use, then shared)."""
    key = json.dumps(
        [config.model_dump(mode="json"), settings.model_dump(mode="json"), id(embedder)],
        sort_keys=True,
        default=str,
    )
    with _lock:
        provider = _providers.get(key)
        if provider is None:
            provider = make_provider(config, settings, embedder=embedder)
            _providers[key] = provider
        return provider


async def close_providers() -> None:
    """Close and forget every shared provider (at shutdown, or between tests)."""
    with _lock:
        providers = list(_providers.values())
        _providers.clear()
    for provider in providers:
        await provider.aclose()


def _smollm2(
    config: ModelConfig, settings: ModelSettings, embedder: EmbedderSource | None
) -> ModelProvider:
    from knowledge_sources.models.smollm2 import smollm2_provider

    options = config.options if config.provider in ("smollm2", "outlines") else {}
    device = config.device or settings.model_device
    return smollm2_provider(options=options, embedder=embedder, device=device)


def _fallback(
    config: ModelConfig, settings: ModelSettings, variable: str, embedder: EmbedderSource | None
) -> ModelProvider:
    if not settings.model_offline_fallback:
        raise ModelConfigError(
            f"model {config.label} needs a server: set {variable} or the soul's base_url "
            "(or GA_MODEL_OFFLINE_FALLBACK=true to use the bundled SmolLM2)"
        )
    log.warning("no server for %s (%s unset): using the offline SmolLM2", config.label, variable)
    return _smollm2(config, settings, embedder)


def _api_key(config: ModelConfig, settings: ModelSettings) -> str | None:
    if config.api_key_env:
        value = os.environ.get(config.api_key_env)
        if not value:
            raise ModelConfigError(
                f"model {config.label}: environment variable {config.api_key_env} is not set"
            )
        return value
    return settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
