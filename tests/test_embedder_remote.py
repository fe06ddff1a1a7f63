"""The remote embedder against stand-in Ollama and OpenAI-compatible (vLLM) servers on loopback.

The stand-ins speak the real APIs: Ollama's ``POST /api/embed`` ({"model", "input": [...]} ->
{"model", "embeddings": [[...]]}, 404 {"error": "model ... not found"} for a model not pulled)
and OpenAI's ``POST /v1/embeddings`` ({"model", "input"} -> {"data": [{"index", "embedding"}]},
401 without the right bearer key). Each test can make a stand-in misbehave: another width,
a shuffled ``data`` list, too few vectors, garbage, an error status, a slow answer.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from pydantic import SecretStr

from blackboard.embeddings import factory
from blackboard.embeddings.hashing import HashingEmbedder
from blackboard.embeddings.remote import RemoteEmbedder
from blackboard.errors import BoardError
from blackboard.settings import Settings
from tests.loopback_server import refused_url, serving

MODEL = "all-minilm"
KEY = "sk-embed-5ecret-7f3a9"
TEXTS = ["the cat sat", "on the mat", "pgvector stores vectors", "hybrid search", "one more"]


@dataclass
class Seen:
    """One request a stand-in received."""

    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class StandIn:
    """A stand-in embedding server's behaviour and what it received."""

    flavour: str
    url: str = ""
    width: int = 384
    api_key: str | None = None
    served: set[str] = field(default_factory=lambda: {MODEL})
    shuffle: bool = False
    delay_s: float = 0.0
    drop_last: bool = False
    override: tuple[int, Any] | None = None
    garble: Callable[[dict[str, Any]], Any] | None = None
    requests: list[Seen] = field(default_factory=list)

    def vectors(self, texts: list[str]) -> list[list[float]]:
        """What the server's model gives: deterministic per text, of the server's width."""
        return HashingEmbedder(self.width).embed(texts)

    def answer(self, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any]:
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.override is not None:
            return self.override
        if self.flavour == "ollama":
            return self._ollama(path, body)
        return self._openai(path, headers, body)

    def _ollama(self, path: str, body: Any) -> tuple[int, Any]:
        if path != "/api/embed":
            return 404, "404 page not found"
        model, texts = body["model"], body["input"]
        if model not in self.served:
            return 404, {"error": f'model "{model}" not found, try pulling it first'}
        vectors = self.vectors(texts)[: len(texts) - 1 if self.drop_last else None]
        payload: dict[str, Any] = {
            "model": model,
            "embeddings": vectors,
            "total_duration": 1000,
            "load_duration": 10,
            "prompt_eval_count": sum(len(t.split()) for t in texts),
        }
        return 200, self.garble(payload) if self.garble else payload

    def _openai(self, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any]:
        if path != "/v1/embeddings":
            return 404, {"detail": "Not Found"}
        if self.api_key and headers.get("authorization") != f"Bearer {self.api_key}":
            return 401, {"error": "Unauthorized"}
        model, texts = body["model"], body["input"]
        if model not in self.served:
            return 404, {
                "object": "error",
                "message": f"The model `{model}` does not exist.",
                "type": "NotFoundError",
                "param": None,
                "code": 404,
            }
        data = [
            {"object": "embedding", "index": i, "embedding": v}
            for i, v in enumerate(self.vectors(texts))
        ]
        if self.drop_last:
            data = data[:-1]
        if self.shuffle and len(data) > 1:
            rng = random.Random(len(self.requests))
            while [d["index"] for d in data] == list(range(len(data))):
                rng.shuffle(data)
        payload = {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": len(texts), "total_tokens": len(texts)},
        }
        return 200, self.garble(payload) if self.garble else payload


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: no stderr log."""

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            body = json.loads(raw)
            state.requests.append(Seen(self.path, headers, body))
            status, payload = state.answer(self.path, headers, body)
            text = payload if isinstance(payload, str) else json.dumps(payload)
            data = text.encode()
            self.send_response(status)
            kind = "text/plain" if isinstance(payload, str) else "application/json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)  # unless the client gave up waiting (timeout test)

    return Handler


def _serve(state: StandIn) -> Iterator[StandIn]:
    with serving(_handler(state)) as state.url:
        yield state


@pytest.fixture
def ollama() -> Iterator[StandIn]:
    yield from _serve(StandIn("ollama"))


@pytest.fixture
def openai() -> Iterator[StandIn]:
    yield from _serve(StandIn("openai"))


@pytest.fixture(params=["ollama", "openai"])
def server(request: pytest.FixtureRequest) -> Iterator[StandIn]:
    yield from _serve(StandIn(request.param))


def client(server: StandIn, **kw: Any) -> RemoteEmbedder:
    return RemoteEmbedder(server.flavour, server.url, kw.pop("model", MODEL), **kw)


def assert_same(got: list[list[float]], want: list[list[float]]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g == pytest.approx(w, abs=1e-9)


def test_ollama_request_and_answer_shapes(ollama: StandIn) -> None:
    embedder = client(ollama)
    vectors = embedder.embed(TEXTS)
    assert_same(vectors, ollama.vectors(TEXTS))
    (seen,) = ollama.requests
    assert seen.path == "/api/embed"
    assert seen.body == {"model": MODEL, "input": TEXTS}
    assert "authorization" not in seen.headers
    assert embedder.name == f"ollama:{MODEL}"
    assert embedder.dim == 384


def test_ollama_requests_go_through_the_ollama_client(ollama: StandIn) -> None:
    client(ollama).embed(TEXTS[:1])
    assert ollama.requests[0].headers["user-agent"].startswith("ollama-python/")


def test_ollama_credentials_in_the_url_are_sent_as_basic_auth(ollama: StandIn) -> None:
    userinfo_url = ollama.url.replace("http://", "http://user:pa55word@")
    RemoteEmbedder("ollama", userinfo_url, MODEL).embed(TEXTS[:1])
    want = "Basic " + base64.b64encode(b"user:pa55word").decode()
    assert ollama.requests[0].headers["authorization"] == want


def test_openai_shuffled_data_comes_back_in_input_order(openai: StandIn) -> None:
    openai.shuffle = True
    vectors = client(openai).embed(TEXTS)
    assert_same(vectors, openai.vectors(TEXTS))
    assert openai.requests[0].path == "/v1/embeddings"
    assert openai.requests[0].body == {"model": MODEL, "input": TEXTS}


def test_openai_url_may_end_in_v1(openai: StandIn) -> None:
    vectors = RemoteEmbedder("openai", f"{openai.url}/v1/", MODEL).embed(TEXTS[:2])
    assert_same(vectors, openai.vectors(TEXTS[:2]))
    assert openai.requests[0].path == "/v1/embeddings"


def test_vectors_are_normalised(ollama: StandIn) -> None:
    ollama.garble = lambda p: {**p, "embeddings": [[3.0, 4.0] + [0.0] * 382]}
    (vector,) = client(ollama).embed(["x"])
    assert vector[:2] == pytest.approx([0.6, 0.8])


def test_bearer_key_reaches_the_server_and_not_the_logs(
    openai: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    openai.api_key = KEY
    caplog.set_level(logging.DEBUG)
    embedder = client(openai, api_key=SecretStr(KEY))
    embedder.probe()
    embedder.embed(TEXTS)
    assert [s.headers["authorization"] for s in openai.requests] == [f"Bearer {KEY}"] * 2
    assert caplog.records, "the probe logs which server and model it uses"
    assert KEY not in caplog.text
    assert KEY not in repr(vars(embedder))


def test_missing_or_wrong_key_is_a_clear_error_without_the_key(openai: StandIn) -> None:
    openai.api_key = KEY
    with pytest.raises(BoardError, match=r"answered 401.*GA_EMBEDDER_API_KEY"):
        client(openai).embed(TEXTS)
    wrong = "sk-wrong-1234567"
    with pytest.raises(BoardError, match="401") as caught:
        client(openai, api_key=SecretStr(wrong)).embed(TEXTS)
    assert wrong not in str(caught.value)


def test_error_excerpt_is_short_and_never_shows_the_key(openai: StandIn) -> None:
    openai.override = (500, {"error": {"message": f"boom; headers were Bearer {KEY} " + "x" * 900}})
    with pytest.raises(BoardError) as caught:
        client(openai, api_key=SecretStr(KEY)).embed(TEXTS)
    message = str(caught.value)
    assert "answered 500" in message
    assert "boom; headers were Bearer ***" in message
    assert KEY not in message
    assert len(message) < 600


def test_server_with_768_d_vectors_is_refused(server: StandIn) -> None:
    server.width = 768
    with pytest.raises(BoardError) as caught:
        client(server).embed(TEXTS)
    message = str(caught.value)
    assert repr(MODEL) in message
    assert "768-d" in message
    assert "384-d" in message


def test_width_is_checked_on_every_answer_not_only_the_first(ollama: StandIn) -> None:
    embedder = client(ollama)
    embedder.probe()
    ollama.width = 383
    with pytest.raises(BoardError, match="383-d vectors but the board stores 384-d"):
        embedder.embed(TEXTS)


def test_mixed_widths_in_one_answer_are_refused(ollama: StandIn) -> None:
    ollama.garble = lambda p: {**p, "embeddings": [*p["embeddings"][:-1], [0.1] * 768]}
    with pytest.raises(BoardError, match="768-d"):
        client(ollama).embed(TEXTS)


def test_fewer_vectors_than_texts_is_refused(server: StandIn) -> None:
    server.drop_last = True
    with pytest.raises(BoardError, match=f"returned {len(TEXTS) - 1} vectors for {len(TEXTS)}"):
        client(server).embed(TEXTS)


@pytest.mark.parametrize(
    "garble",
    [
        lambda p: {**p, "embeddings": [["0.1"] * 384 for _ in p["embeddings"]]},
        lambda p: {**p, "embeddings": [None for _ in p["embeddings"]]},
        lambda p: {**p, "embeddings": [[True] * 384 for _ in p["embeddings"]]},
        lambda p: {"model": p["model"]},
        lambda p: [p],
    ],
    ids=["strings", "nulls", "booleans", "no-embeddings", "not-an-object"],
)
def test_non_numeric_payload_is_refused(
    ollama: StandIn, garble: Callable[[dict[str, Any]], Any]
) -> None:
    ollama.garble = garble
    with pytest.raises(BoardError, match="unexpected ollama answer for model 'all-minilm'"):
        client(ollama).embed(TEXTS)


def test_broken_openai_indexes_are_refused(openai: StandIn) -> None:
    openai.garble = lambda p: {**p, "data": [{**d, "index": 0} for d in p["data"]]}
    with pytest.raises(BoardError, match="indexes"):
        client(openai).embed(TEXTS)


def test_non_json_answer_is_refused(ollama: StandIn) -> None:
    ollama.override = (200, "<html>a login page</html>")
    with pytest.raises(BoardError, match="without JSON"):
        client(ollama).embed(TEXTS)


def test_server_error_shows_status_and_excerpt(server: StandIn) -> None:
    server.override = (500, {"error": "llama runner process has terminated: out of memory"})
    with pytest.raises(BoardError) as caught:
        client(server).embed(TEXTS)
    message = str(caught.value)
    assert "answered 500" in message
    assert "llama runner process has terminated: out of memory" in message
    assert "see its log" in message


def test_ollama_model_not_pulled_says_how_to_pull(ollama: StandIn) -> None:
    with pytest.raises(BoardError) as caught:
        client(ollama, model="nomic-embed-text").embed(TEXTS)
    message = str(caught.value)
    assert "answered 404" in message
    assert 'model "nomic-embed-text" not found' in message
    assert "`ollama pull nomic-embed-text`" in message


def test_openai_unknown_model_says_which_setting(openai: StandIn) -> None:
    with pytest.raises(BoardError, match=r"does not exist.*GA_EMBEDDER_MODEL"):
        client(openai, model="BAAI/bge-m3").embed(TEXTS)


def test_wrong_kind_of_server_says_check_the_settings(openai: StandIn) -> None:
    with pytest.raises(BoardError, match=r"answered 404.*no ollama embedding endpoint"):
        RemoteEmbedder("ollama", openai.url, MODEL).embed(TEXTS)


def test_connection_refused_is_a_clear_error() -> None:
    with pytest.raises(BoardError, match=r"nothing answers at embedding server.*GA_EMBEDDER_URL"):
        RemoteEmbedder("ollama", refused_url(), MODEL).embed(TEXTS)


def test_slow_server_times_out_clearly(ollama: StandIn) -> None:
    ollama.delay_s = 1.0
    with pytest.raises(BoardError, match=r"did not answer within 0.2s.*GA_EMBEDDER_TIMEOUT_S"):
        client(ollama, timeout=0.2).embed(TEXTS)


def test_credentials_in_the_url_are_not_shown() -> None:
    port = refused_url().rsplit(":", 1)[1]
    with pytest.raises(BoardError) as caught:
        RemoteEmbedder("openai", f"http://user:pa55word@127.0.0.1:{port}", MODEL).embed(TEXTS)
    assert "pa55word" not in str(caught.value)
    assert f"127.0.0.1:{port}" in str(caught.value)
    with pytest.raises(BoardError) as caught:
        RemoteEmbedder("openai", f"http://127.0.0.1:{port}/v1?api-key=k3y42", MODEL).embed(TEXTS)
    assert "k3y42" not in str(caught.value) and f"127.0.0.1:{port}/v1" in str(caught.value)


@pytest.mark.parametrize(
    ("url", "model", "match"),
    [
        ("", MODEL, "needs GA_EMBEDDER_URL and GA_EMBEDDER_MODEL"),
        ("http://127.0.0.1:1", "", "needs GA_EMBEDDER_URL and GA_EMBEDDER_MODEL"),
        ("127.0.0.1:11434", MODEL, "not an http"),
    ],
)
def test_incomplete_settings_are_refused(url: str, model: str, match: str) -> None:
    with pytest.raises(BoardError, match=match):
        RemoteEmbedder("ollama", url, model)


def test_empty_input_sends_nothing(ollama: StandIn) -> None:
    assert client(ollama).embed([]) == []
    assert ollama.requests == []


def test_batches_respect_the_configured_size(
    server: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(factory, "_shared", {})
    settings = Settings(
        embedder=server.flavour,
        embedder_url=server.url,
        embedder_model=MODEL,
        embedder_batch_size=2,
    )
    shared = factory.get_embedder(settings)
    probe = len(server.requests)
    assert probe == 1
    vectors = shared.embed(TEXTS)
    assert_same(vectors, server.vectors(TEXTS))
    sizes = [len(seen.body["input"]) for seen in server.requests[probe:]]
    assert sizes == [2, 2, 1]
    assert shared.calls == 3
