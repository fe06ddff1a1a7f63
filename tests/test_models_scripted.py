"""The scripted model: queued answers per face, recorded calls, the same validation as a real
model, simulated outages, and the embed face delegating to the board's embedder."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel

from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.hashing import HashingEmbedder
from blackboard.errors import BoardError
from knowledge_sources.models import (
    ModelOutputError,
    ModelProvider,
    ModelUnavailableError,
    system,
    user,
)
from knowledge_sources.models.scripted import ScriptedCall, ScriptedModel, ScriptExhaustedError


class Verdict(BaseModel):
    label: Literal["bug", "feature"]
    confidence: float


async def test_answers_come_from_the_queues_in_order() -> None:
    model = ScriptedModel()
    model.script("generate", "draft", "revision").script("choose", "bug", "planner")
    assert isinstance(model, ModelProvider)
    assert await model.generate("Write a draft.") == "draft"
    assert await model.choose("Kind?", ["bug", "feature"]) == "bug"
    assert await model.generate("Revise it.") == "revision"
    assert await model.choose("Who?", ["planner", "coder"]) == "planner"
    assert model.pending() == 0
    assert [c.face for c in model.calls] == ["generate", "choose", "generate", "choose"]
    assert model.calls_to("choose")[1].choices == ("planner", "coder")
    assert "Revise it." in model.calls_to("generate")[1].prompt


async def test_calls_record_messages_and_answers() -> None:
    model = ScriptedModel().script("generate", "ok")
    await model.generate([system("You are terse."), user("Hi")], max_tokens=5)
    call = model.calls[0]
    assert [m.role for m in call.messages] == ["system", "user"]
    assert call.request.max_tokens == 5
    assert call.answer == "ok"


async def test_structured_accepts_objects_dicts_and_text() -> None:
    model = ScriptedModel().script(
        "structured",
        Verdict(label="bug", confidence=0.9),
        {"label": "feature", "confidence": 0.5},
        '{"label": "bug", "confidence": 1}',
    )
    assert (await model.structured("?", Verdict)).label == "bug"
    assert (await model.structured("?", Verdict)).label == "feature"
    assert (await model.structured("?", Verdict)).confidence == 1.0
    assert model.calls[0].schema == Verdict.model_json_schema()


async def test_scripts_are_validated_like_real_answers() -> None:
    model = ScriptedModel().script("choose", "wontfix").script("structured", {"label": "chore"})
    with pytest.raises(ModelOutputError, match="not one of"):
        await model.choose("?", ["bug", "feature"])
    with pytest.raises(ModelOutputError, match="does not match Verdict"):
        await model.structured("?", Verdict)


async def test_choice_parsing_tolerates_quotes_and_case() -> None:
    model = ScriptedModel().script("choose", '"feature"', " Bug.", '{"choice": "feature"}')
    assert await model.choose("?", ["bug", "feature"]) == "feature"
    assert await model.choose("?", ["bug", "feature"]) == "bug"
    assert await model.choose("?", ["bug", "feature"]) == "feature"


async def test_callables_and_exceptions() -> None:
    def last_option(call: ScriptedCall) -> str:
        assert call.choices is not None
        return call.choices[-1]

    model = ScriptedModel().script("choose", last_option)
    model.script("generate", ModelUnavailableError("ollama is down"))
    assert await model.choose("?", ["a", "b", "c"]) == "c"
    with pytest.raises(ModelUnavailableError, match="down"):
        await model.generate("hi")


async def test_strict_model_raises_when_exhausted() -> None:
    model = ScriptedModel("strict-one")
    with pytest.raises(ScriptExhaustedError, match="no answer queued for choose"):
        await model.choose("?", ["a", "b"])


async def test_lenient_model_falls_back() -> None:
    model = ScriptedModel(strict=False)
    assert await model.choose("?", ["first", "second"]) == "first"
    assert (await model.generate("Say something")).startswith("(scripted answer")
    with pytest.raises(ScriptExhaustedError):
        await model.structured("?", Verdict)


async def test_bad_choice_lists_are_rejected() -> None:
    model = ScriptedModel()
    for bad in ([], ["a", "a"], ["a", " "]):
        with pytest.raises(ValueError, match="choice"):
            await model.choose("?", bad)
    with pytest.raises(ValueError, match="unknown face"):
        model.script("shout", "x")  # type: ignore[arg-type]


async def test_embed_delegates_to_the_board_embedder() -> None:
    shared = SharedEmbedder(HashingEmbedder(384))
    model = ScriptedModel(embedder=shared)
    vectors = await model.embed(["postgres index", "postgres index", "a cat"])
    assert len(vectors) == 3 and len(vectors[0]) == 384
    assert vectors[0] == vectors[1]
    assert shared.texts_embedded == 3
    assert await model.embed([]) == []


async def test_embed_failures_become_unavailable() -> None:
    class Broken:
        name = "broken"
        dim = 384

        def embed(self, texts: object) -> list[list[float]]:
            raise BoardError("embedding server http://x unreachable")

    model = ScriptedModel(embedder=lambda: SharedEmbedder(Broken()))
    with pytest.raises(ModelUnavailableError, match="unreachable"):
        await model.embed(["x"])
