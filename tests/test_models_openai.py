"""The OpenAI-compatible backend (vLLM) at the HTTP level: request shape per guided style,
authentication, and error handling, against a loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from knowledge_sources.models import (
    ModelConfigError,
    ModelOutputError,
    ModelRequestError,
    ModelUnavailableError,
)
from knowledge_sources.models.openai_compat import OpenAICompatProvider, api_root
from tests.loopback_server import LoopbackServer, loopback_server, refused_url

MODEL = "Qwen/Qwen2.5-7B-Instruct"
CHOICES = ["bug", "feature", "question"]


class Plan(BaseModel):
    title: str
    steps: list[str]
    priority: Literal["low", "high"]


def completion(content: Any) -> dict[str, Any]:
    return {
        "id": "cmpl-1",
        "object": "chat.completion",
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as running:
        yield running


def make(
    server: LoopbackServer, style: str = "structured_outputs", **kw: Any
) -> OpenAICompatProvider:
    return OpenAICompatProvider(MODEL, base_url=server.url, guided_style=style, timeout_s=10, **kw)


async def test_choose_with_structured_outputs(server: LoopbackServer) -> None:
    provider = make(server, options={"top_p": 0.9})
    server.reply_json(completion("question"))
    assert await provider.choose("How do I set the port?", CHOICES) == "question"
    request = server.last
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    body = request.body
    assert body["model"] == MODEL
    assert body["messages"][-1]["role"] == "user"
    assert body["structured_outputs"] == {"choice": CHOICES}
    assert body["temperature"] == 0.0
    assert body["max_tokens"] >= len("question")
    assert body["top_p"] == 0.9
    assert "guided_choice" not in body
    assert "authorization" not in request.headers
    await provider.aclose()


async def test_choose_with_legacy_guided_choice(server: LoopbackServer) -> None:
    provider = make(server, style="guided")
    server.reply_json(completion("bug"))
    assert await provider.choose("Crash!", CHOICES) == "bug"
    assert server.last.body["guided_choice"] == CHOICES
    await provider.aclose()


async def test_choose_with_response_format_unwraps_the_object(server: LoopbackServer) -> None:
    provider = make(server, style="response_format")
    server.reply_json(completion('{"choice": "feature"}'))
    assert await provider.choose("Dark mode?", CHOICES) == "feature"
    fmt = server.last.body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"]["properties"]["choice"]["enum"] == CHOICES
    await provider.aclose()


async def test_structured_sends_the_schema(server: LoopbackServer) -> None:
    provider = make(server)
    server.reply_json(
        completion('{"title": "Speed up search", "steps": ["measure"], "priority": "high"}')
    )
    plan = await provider.structured("Plan it.", Plan, max_tokens=300)
    assert plan.steps == ["measure"]
    body = server.last.body
    assert body["structured_outputs"] == {"json": Plan.model_json_schema()}
    assert body["max_tokens"] == 300

    legacy = make(server, style="guided")
    server.reply_json(completion('{"title": "t", "steps": [], "priority": "low"}'))
    await legacy.structured("Plan it.", Plan)
    assert server.last.body["guided_json"] == Plan.model_json_schema()

    generic = make(server, style="response_format")
    server.reply_json(completion('```json\n{"title": "t", "steps": [], "priority": "low"}\n```'))
    assert (await generic.structured("Plan it.", Plan)).priority == "low"
    assert server.last.body["response_format"]["json_schema"]["name"] == "Plan"
    for p in (provider, legacy, generic):
        await p.aclose()


async def test_api_key_is_sent_as_bearer(server: LoopbackServer) -> None:
    provider = make(server, api_key="sk-test")
    server.reply_json(completion("hello"))
    assert await provider.generate("hi") == "hello"
    assert server.last.headers["authorization"] == "Bearer sk-test"
    assert "structured_outputs" not in server.last.body
    await provider.aclose()


def test_base_url_gets_v1_once() -> None:
    assert api_root("http://vllm:8000") == "http://vllm:8000/v1"
    assert api_root("http://vllm:8000/v1/") == "http://vllm:8000/v1"
    with pytest.raises(ModelConfigError):
        api_root("")
    with pytest.raises(ModelConfigError, match="guided_style"):
        OpenAICompatProvider(MODEL, base_url="http://x", guided_style="magic")


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (500, ModelUnavailableError),
        (503, ModelUnavailableError),
        (429, ModelUnavailableError),
        (404, ModelUnavailableError),
        (400, ModelRequestError),
        (422, ModelRequestError),
    ],
)
async def test_http_errors(server: LoopbackServer, status: int, error: type[Exception]) -> None:
    provider = make(server)
    server.reply_json({"error": {"message": "nope"}}, status=status)
    with pytest.raises(error, match=str(status)):
        await provider.choose("x", CHOICES)
    await provider.aclose()


async def test_connection_refused_is_unavailable() -> None:
    provider = OpenAICompatProvider(MODEL, base_url=refused_url(), timeout_s=5)
    with pytest.raises(ModelUnavailableError, match="unreachable"):
        await provider.generate("hi")
    await provider.aclose()


async def test_malformed_responses_are_output_errors(server: LoopbackServer) -> None:
    provider = make(server)
    server.reply_raw("not json", status=200)
    with pytest.raises(ModelOutputError, match="unexpected chat-completion response"):
        await provider.generate("hi")
    server.reply_json({"choices": []})
    with pytest.raises(ModelOutputError, match="unexpected chat-completion response"):
        await provider.generate("hi")
    server.reply_json(completion(None))
    with pytest.raises(ModelOutputError, match="not text"):
        await provider.generate("hi")
    server.reply_json(completion("Bugs are bad"))
    with pytest.raises(ModelOutputError, match="not one of"):
        await provider.choose("x", CHOICES)
    server.reply_json(completion('{"title": 3}'))
    with pytest.raises(ModelOutputError, match="does not match Plan"):
        await provider.structured("x", Plan)
    await provider.aclose()
