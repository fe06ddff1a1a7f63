"""The Ollama backend at the HTTP level, against a loopback server: request shape and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

import pytest
import pytest_asyncio
from pydantic import BaseModel

from knowledge_sources.models import (
    ModelOutputError,
    ModelRequestError,
    ModelUnavailableError,
    system,
    user,
)
from knowledge_sources.models.ollama import OllamaProvider
from tests.loopback_server import LoopbackServer, loopback_server, refused_url

MODEL = "qwen2.5:7b-instruct"


class Triage(BaseModel):
    kind: Literal["bug", "feature", "question"]
    duplicate_of: int | None = None


def chat_reply(content: str) -> dict[str, Any]:
    return {
        "model": MODEL,
        "created_at": "2025-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done": True,
    }


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as running:
        yield running


@pytest_asyncio.fixture
async def provider(server: LoopbackServer) -> AsyncIterator[OllamaProvider]:
    model = OllamaProvider(MODEL, host=server.url, options={"num_ctx": 4096}, timeout_s=10)
    yield model
    await model.aclose()


async def test_choose_sends_an_enum_schema_and_returns_the_option(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_json(chat_reply('"feature"'))
    answer = await provider.choose(
        "Please add dark mode.", ["bug", "feature", "question"], system="You triage issues."
    )
    assert answer == "feature"
    request = server.last
    assert (request.method, request.path) == ("POST", "/api/chat")
    body = request.body
    assert body["model"] == MODEL
    assert body["stream"] is False
    assert body["format"] == {"type": "string", "enum": ["bug", "feature", "question"]}
    assert body["messages"][0] == {"role": "system", "content": "You triage issues."}
    assert body["messages"][1]["role"] == "user"
    assert body["messages"][1]["content"].startswith("Please add dark mode.")
    assert "- question" in body["messages"][1]["content"]
    assert body["options"]["num_ctx"] == 4096
    assert body["options"]["temperature"] == 0.0
    assert body["options"]["num_predict"] >= len("question")


async def test_structured_sends_the_model_schema_and_validates(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_json(chat_reply('{"kind": "bug", "duplicate_of": 12}'))
    triage = await provider.structured("Crash on save.", Triage)
    assert triage == Triage(kind="bug", duplicate_of=12)
    assert server.last.body["format"] == Triage.model_json_schema()


async def test_structured_with_a_plain_json_schema(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    server.reply_json(chat_reply('{"n": 3}'))
    assert await provider.structured("Count.", schema) == {"n": 3}
    assert server.last.body["format"] == schema


async def test_generate_sends_no_format(server: LoopbackServer, provider: OllamaProvider) -> None:
    server.reply_json(chat_reply("A short answer."))
    text = await provider.generate([system("Be brief."), user("Why?")], temperature=0.7)
    assert text == "A short answer."
    body = server.last.body
    assert body.get("format") in (None, "")
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Why?"},
    ]
    assert body["options"]["temperature"] == 0.7


async def test_server_error_is_unavailable(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_json({"error": "out of memory"}, status=500)
    with pytest.raises(ModelUnavailableError, match="500"):
        await provider.generate("hi")


async def test_missing_model_is_unavailable_with_a_hint(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_json({"error": f"model '{MODEL}' not found"}, status=404)
    with pytest.raises(ModelUnavailableError, match="ollama pull"):
        await provider.generate("hi")


async def test_bad_request_is_a_request_error(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_json({"error": "invalid format"}, status=400)
    with pytest.raises(ModelRequestError, match="invalid format"):
        await provider.choose("x", ["a", "b"])


async def test_connection_refused_is_unavailable() -> None:
    provider = OllamaProvider(MODEL, host=refused_url(), timeout_s=5)
    try:
        with pytest.raises(ModelUnavailableError, match="unreachable"):
            await provider.generate("hi")
    finally:
        await provider.aclose()


async def test_an_answer_outside_the_choices_is_an_output_error(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_json(chat_reply('"maybe"'))
    with pytest.raises(ModelOutputError, match="not one of") as caught:
        await provider.choose("x", ["yes", "no"])
    assert caught.value.raw == '"maybe"'


async def test_malformed_json_is_an_output_error(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_json(chat_reply('{"kind": "bug"'))
    with pytest.raises(ModelOutputError, match="malformed JSON"):
        await provider.structured("x", Triage)
    server.reply_json(chat_reply('{"kind": "chore"}'))
    with pytest.raises(ModelOutputError, match="does not match Triage"):
        await provider.structured("x", Triage)


async def test_garbage_response_body_is_reported(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_raw("<html>proxy error</html>", status=502, content_type="text/html")
    with pytest.raises(ModelUnavailableError, match="502"):
        await provider.generate("hi")


async def test_a_response_that_is_not_a_chat_reply_is_an_output_error(
    server: LoopbackServer, provider: OllamaProvider
) -> None:
    server.reply_raw("not json at all", status=200)
    with pytest.raises(ModelOutputError, match="unexpected response"):
        await provider.generate("hi")
    server.reply_json({"model": MODEL, "done": True}, status=200)
    with pytest.raises(ModelOutputError, match="unexpected response"):
        await provider.generate("hi")
