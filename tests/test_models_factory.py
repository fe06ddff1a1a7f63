"""Choosing a provider from a soul's model block and the settings: per-provider rules, the
offline fallback, secrets by environment variable name, sharing, and config validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from knowledge_sources.models import (
    ModelConfig,
    ModelConfigError,
    ModelSettings,
    close_providers,
    get_provider,
    make_provider,
)
from knowledge_sources.models import factory as factory_module
from knowledge_sources.models.ollama import OllamaProvider
from knowledge_sources.models.openai_compat import OpenAICompatProvider
from knowledge_sources.models.scripted import ScriptedModel
from knowledge_sources.souls import load_souls
from tests.loopback_server import loopback_server


def settings(**values: object) -> ModelSettings:
    """Settings that ignore the environment's GA_* variables."""
    base: dict[str, object] = {
        "ollama_url": "",
        "openai_url": "",
        "openai_api_key": None,
        "model_provider": "",
        "model_offline_fallback": True,
    }
    base.update(values)
    return ModelSettings.model_construct(**base)  # type: ignore[arg-type]


@pytest.fixture
def no_smollm2(monkeypatch: pytest.MonkeyPatch) -> list[ModelConfig]:
    """Replace the offline model with a scripted one, recording who fell back to it."""
    fell_back: list[ModelConfig] = []

    def fake(config: ModelConfig, settings: object, embedder: object) -> ScriptedModel:
        fell_back.append(config)
        return ScriptedModel("smollm2-stand-in")

    monkeypatch.setattr(factory_module, "_smollm2", fake)
    return fell_back


async def test_ollama_from_settings_and_from_the_soul() -> None:
    config = ModelConfig(provider="ollama", name="llama3.2:3b", options={"num_ctx": 2048})
    provider = make_provider(config, settings(ollama_url="http://ollama:11434"))
    assert isinstance(provider, OllamaProvider)
    assert provider.host == "http://ollama:11434"
    assert provider.options == {"num_ctx": 2048}
    assert provider.name == "ollama:llama3.2:3b"
    own = config.model_copy(update={"base_url": "http://gpu-node:11434"})
    other = make_provider(own, settings(ollama_url="http://ollama:11434"))
    assert isinstance(other, OllamaProvider) and other.host == "http://gpu-node:11434"
    await provider.aclose()
    await other.aclose()


async def test_openai_key_comes_from_the_named_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    config = ModelConfig(
        provider="openai", name="qwen", api_key_env="VLLM_TEST_KEY", guided_style="guided"
    )
    monkeypatch.delenv("VLLM_TEST_KEY", raising=False)
    with pytest.raises(ModelConfigError, match="VLLM_TEST_KEY is not set"):
        make_provider(config, settings(openai_url="http://vllm:8000"))
    monkeypatch.setenv("VLLM_TEST_KEY", "sk-from-env")
    with loopback_server() as server:
        server.reply_json({"choices": [{"message": {"role": "assistant", "content": "yes"}}]})
        provider = make_provider(config, settings(openai_url=server.url))
        assert isinstance(provider, OpenAICompatProvider)
        assert provider.guided_style == "guided"
        assert await provider.choose("?", ["yes", "no"]) == "yes"
        assert server.last.headers["authorization"] == "Bearer sk-from-env"
        await provider.aclose()


def test_no_server_falls_back_to_the_offline_model(no_smollm2: list[ModelConfig]) -> None:
    config = ModelConfig(provider="ollama", name="qwen2.5:7b-instruct")
    provider = make_provider(config, settings())
    assert provider.name == "scripted:smollm2-stand-in"
    assert no_smollm2 == [config]
    with pytest.raises(ModelConfigError, match="GA_OPENAI_URL"):
        make_provider(
            ModelConfig(provider="openai", name="x"), settings(model_offline_fallback=False)
        )


def test_forced_provider_and_scripted(no_smollm2: list[ModelConfig]) -> None:
    config = ModelConfig(provider="ollama", name="qwen2.5:7b-instruct")
    scripted = make_provider(config, settings(ollama_url="http://x", model_provider="scripted"))
    assert isinstance(scripted, ScriptedModel) and not scripted.strict
    make_provider(config, settings(ollama_url="http://x", model_provider="smollm2"))
    assert len(no_smollm2) == 1


async def test_get_provider_shares_one_instance_per_configuration() -> None:
    config = ModelConfig(provider="ollama", name="a")
    first = get_provider(config, settings(ollama_url="http://h:1"))
    assert get_provider(config, settings(ollama_url="http://h:1")) is first
    assert get_provider(config, settings(ollama_url="http://h:2")) is not first
    await close_providers()
    assert get_provider(config, settings(ollama_url="http://h:1")) is not first
    await close_providers()


def test_every_default_soul_gets_a_provider() -> None:
    for soul in load_souls().values():
        provider = make_provider(soul.model, settings(ollama_url="http://ollama:11434"))
        assert provider.name == f"ollama:{soul.model.name}"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"provider": "ollama"}, "needs a model name"),
        ({"provider": "openai", "name": "x", "api_key_env": "sk-123"}, "environment variable NAME"),
        ({"provider": "gpt"}, "provider"),
        ({"provider": "ollama", "name": "x", "temprature": 1}, "temprature"),
        ({"provider": "ollama", "name": "x", "timeout_s": 0}, "timeout_s"),
    ],
)
def test_model_config_validation(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        ModelConfig.model_validate(data)
