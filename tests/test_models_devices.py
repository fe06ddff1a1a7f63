"""Device per soul for local models: ``auto`` falls back to the CPU (and says so) without a GPU,
a GPU that is not there is refused with the fix, and souls naming the same weights share one
copy in memory, whatever their generation options."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from knowledge_sources.models import ModelConfig, ModelConfigError, make_provider
from knowledge_sources.models.devices import gpu_count, resolve_device
from knowledge_sources.models.outlines_local import OutlinesProvider
from knowledge_sources.models.settings import ModelSettings
from knowledge_sources.models.weights import loaded_weights
from tests.test_models_outlines import build_tiny_model

pytestmark = pytest.mark.skipif(gpu_count() > 0, reason="checks the CPU-only behaviour")


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("tiny-llama-devices")
    build_tiny_model(directory)
    return directory


def _provider(tiny_dir: Path, **fields: object) -> OutlinesProvider:
    config = ModelConfig.model_validate({"provider": "outlines", "name": str(tiny_dir), **fields})
    provider = make_provider(config, ModelSettings())
    assert isinstance(provider, OutlinesProvider)
    return provider


def test_auto_falls_back_to_the_cpu_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="knowledge_sources.models.devices"):
        assert resolve_device("auto") == "cpu"
    assert "no GPU visible to PyTorch, the model runs on the CPU" in caplog.text
    assert ModelSettings().model_device == "auto"


def test_a_missing_gpu_is_refused_with_the_fix(tiny_dir: Path) -> None:
    for device in ("cuda", "cuda:1"):
        with pytest.raises(ModelConfigError, match=r"sees 0 GPU.*set the soul's model\.device"):
            _provider(tiny_dir, device=device)
    with pytest.raises(ValidationError, match="device must be one of cpu, cuda, cuda:N"):
        ModelConfig(provider="outlines", name=str(tiny_dir), device="gpu0")
    with pytest.raises(ValidationError, match="device must be"):
        ModelSettings(model_device="tpu")


async def test_souls_naming_the_same_model_share_its_weights(tiny_dir: Path) -> None:
    before = loaded_weights()
    calm = _provider(tiny_dir, options={"temperature": 0.0})
    lively = _provider(tiny_dir, options={"temperature": 0.7}, device="auto")
    pinned = _provider(tiny_dir, device="cpu")
    for provider in (calm, lively, pinned):
        assert await provider.choose("Bug or feature?", ["bug", "feature"]) in {"bug", "feature"}
    assert loaded_weights() == before + 1  # three souls, one copy
    models = {id(p._loaded().outlines_model.model) for p in (calm, lively, pinned)}
    assert len(models) == 1
    assert calm._lock is lively._lock is pinned._lock  # one generation at a time on it
    device = calm._loaded().outlines_model.model.device
    assert str(device) == "cpu"
