"""Embeddings from a model server: Ollama (``/api/embed``, through the ``ollama`` client) or
OpenAI-compatible (``/v1/embeddings``, e.g. vLLM, over httpx).

Every answer is checked before anyone can store it: one vector per text, numbers only, and
exactly the width the board's column holds. Anything else, and a server that is down, slow or
missing the model, is a ``BoardError`` that says what to fix. For Ollama a response hook checks
the raw answer before the client reads it (its lax parsing would take ``"0.1"`` or ``true`` for
numbers). The optional bearer key is a
``SecretStr``: it goes into this client's requests only and never into a log or a message.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx
import ollama
from pydantic import SecretStr

from blackboard.api_keys import header_safe_key
from blackboard.embeddings.remote_payloads import message, normalise, numbers, rows
from blackboard.errors import BoardError
from blackboard.models.chunk import EMBEDDING_DIM
from blackboard.settings import Settings

log = logging.getLogger(__name__)

PROBE_TEXT = "width probe"
EXCERPT_CHARS = 200
FLAVOURS = ("ollama", "openai")
SUGGESTED = "`all-minilm` on Ollama, `sentence-transformers/all-MiniLM-L6-v2` on vLLM"


class RemoteEmbedder:
    """Posts batches to an embedding endpoint; checks and normalises what comes back."""

    def __init__(
        self,
        flavour: str,
        base_url: str,
        model: str,
        *,
        api_key: SecretStr | None = None,
        dim: int = EMBEDDING_DIM,
        timeout: float = 120.0,
    ) -> None:
        if flavour not in FLAVOURS:
            raise BoardError(f"unknown embedding server flavour {flavour!r}; use ollama or openai")
        if not base_url or not model:
            raise BoardError(
                f"GA_EMBEDDER={flavour} needs GA_EMBEDDER_URL and GA_EMBEDDER_MODEL to be set"
            )
        root = base_url.rstrip("/")
        parts = urlsplit(root)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BoardError(
                f"GA_EMBEDDER_URL {shown_url(root)!r} is not an http(s) URL; "
                "write it like http://ollama:11434 or http://vllm:8000/v1"
            )
        self.flavour = flavour
        self.model = model
        self.timeout = timeout
        self.where = shown_url(root)
        self._dim = dim
        try:
            self._key = header_safe_key(api_key)
        except ValueError as exc:
            raise BoardError(str(exc)) from None
        self._path = endpoint_path(flavour, root)
        self._client: httpx.Client | None = None
        self._ollama: ollama.Client | None = None
        if flavour == "ollama":
            auth = (
                (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
            )
            self._ollama = ollama.Client(
                host=root,
                timeout=timeout,
                follow_redirects=False,
                headers=self._auth_headers(),
                auth=auth,
                event_hooks={"response": [self._check_ollama_answer]},
            )
        else:
            self._client = httpx.Client(base_url=root, timeout=timeout, follow_redirects=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteEmbedder:
        """The embedder ``GA_EMBEDDER_*`` describe, expecting the board's vector width."""
        return cls(
            settings.embedder,
            settings.embedder_url,
            settings.embedder_model,
            api_key=settings.embedder_api_key,
            dim=EMBEDDING_DIM,
            timeout=settings.embedder_timeout_s,
        )

    @property
    def name(self) -> str:
        return f"{self.flavour}:{self.model}"

    @property
    def dim(self) -> int:
        """The width every returned vector has (``embed`` raises rather than return another)."""
        return self._dim

    def probe(self) -> None:
        """Embed one short text now, so a server that is down, lacks the model or gives
        vectors of the wrong width stops start-up with the reason instead of failing later."""
        self.embed([PROBE_TEXT])
        log.info("embedding with %s at %s (%d-d vectors)", self.model, self.where, self._dim)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        batch = list(texts)
        if not batch:
            return []
        vectors = self._ollama_embed(batch) if self._ollama else self._openai_embed(batch)
        if len(vectors) != len(batch):
            raise BoardError(
                f"embedding server {self.where} returned {len(vectors)} vectors for "
                f"{len(batch)} texts (model {self.model!r}); nothing was stored"
            )
        for vector in vectors:
            if len(vector) != self._dim:
                raise BoardError(
                    f"embedding model {self.model!r} at {self.where} returns "
                    f"{len(vector)}-d vectors but the board stores {self._dim}-d ones; nothing "
                    f"was stored. Use a {self._dim}-d embedding model ({SUGGESTED}) or unset "
                    "GA_EMBEDDER for the built-in all-MiniLM-L6-v2"
                )
        return [normalise(v) for v in vectors]

    def close(self) -> None:
        """Release the connection pool."""
        if self._ollama is not None:
            self._ollama.close()  # type: ignore[no-untyped-call]  # unannotated in ollama 0.6
        if self._client is not None:
            self._client.close()

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._key.get_secret_value()}"} if self._key else {}

    def _ollama_embed(self, batch: list[str]) -> list[list[float]]:
        assert self._ollama is not None
        with self._talking():
            answer = self._ollama.embed(model=self.model, input=batch)
        return [list(vector) for vector in answer.embeddings]

    def _check_ollama_answer(self, response: httpx.Response) -> None:
        """httpx response hook: refuse an error status or a malformed answer with our message
        before the ``ollama`` client parses it."""
        response.read()
        if not response.is_success:
            raise self._status_error(response)
        self._parse(response)

    def _openai_embed(self, batch: list[str]) -> list[list[float]]:
        assert self._client is not None
        body = {"model": self.model, "input": batch}
        with self._talking():
            response = self._client.post(self._path, json=body, headers=self._auth_headers())
        if not response.is_success:
            raise self._status_error(response)
        return self._parse(response)

    @contextmanager
    def _talking(self) -> Iterator[None]:
        """Turn a transport failure into a ``BoardError`` that says what to fix."""
        try:
            yield
        except httpx.TimeoutException as exc:
            raise BoardError(
                f"embedding server {self.where} did not answer within {self.timeout:g}s "
                f"({type(exc).__name__}) for model {self.model!r}; if it is loading the model "
                "or busy, raise GA_EMBEDDER_TIMEOUT_S or lower GA_EMBEDDER_BATCH_SIZE"
            ) from exc
        except (httpx.ConnectError, ConnectionError) as exc:
            # the ollama client turns httpx's ConnectError into a ConnectionError of its own
            reason = str(exc) if isinstance(exc, httpx.ConnectError) else "could not connect"
            raise BoardError(
                f"nothing answers at embedding server {self.where} ({self._scrub(reason)}); "
                "start it (e.g. `ollama serve`, `vllm serve MODEL`) or fix GA_EMBEDDER_URL"
            ) from exc
        except httpx.HTTPError as exc:
            raise BoardError(
                f"could not talk to embedding server {self.where} "
                f"({type(exc).__name__}: {self._scrub(str(exc))}); check GA_EMBEDDER_URL"
            ) from exc

    def _status_error(self, response: httpx.Response) -> BoardError:
        status = response.status_code
        detail = self._excerpt(response)
        head = (
            f"embedding server {self.where} answered {status} to {self._path} for model "
            f"{self.model!r}: {detail or '(empty body)'}"
        )
        if status in (401, 403):
            hint = "it wants a valid key: set GA_EMBEDDER_API_KEY in the environment"
        elif status == 404 and "model" in detail.lower():
            hint = (
                f"the model is not there: run `ollama pull {self.model}` on that server"
                if self.flavour == "ollama"
                else "set GA_EMBEDDER_MODEL to a model it serves (see its /v1/models)"
            )
        elif status == 404:
            hint = (
                f"no {self.flavour} embedding endpoint there: check GA_EMBEDDER_URL and that "
                f"GA_EMBEDDER={self.flavour} is the kind of server it is"
            )
        elif status >= 500:
            hint = "the server failed: see its log (is the model an embedding model?)"
        else:
            hint = "the server refused the request: is the model an embedding model?"
        return BoardError(f"{head}; {hint}")

    def _parse(self, response: httpx.Response) -> list[list[float]]:
        try:
            payload = response.json()
        except ValueError:
            raise BoardError(
                f"embedding server {self.where} answered without JSON "
                f"({self._excerpt(response)!r}); is GA_EMBEDDER={self.flavour} the kind of "
                "server GA_EMBEDDER_URL points at?"
            ) from None
        try:
            found = rows(self.flavour, payload)
            return [numbers(row) for row in found]
        except KeyError as exc:
            reason = f"no {exc} field"
        except (TypeError, ValueError) as exc:
            reason = str(exc)
        raise BoardError(
            f"embedding server {self.where} sent an unexpected {self.flavour} answer for model "
            f"{self.model!r} ({self._scrub(reason)[:EXCERPT_CHARS]}); nothing was stored"
        )

    def _excerpt(self, response: httpx.Response) -> str:
        """The server's own message (or the start of its body), short and without the key."""
        text = response.text
        try:
            payload = json.loads(text)
        except ValueError:
            payload = None
        said = message(payload) if payload is not None else None
        excerpt = " ".join((said or text).split())
        excerpt = self._scrub(excerpt)
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[: EXCERPT_CHARS - 3] + "..."
        return excerpt

    def _scrub(self, text: str) -> str:
        return text.replace(self._key.get_secret_value(), "***") if self._key else text


def endpoint_path(flavour: str, root: str) -> str:
    """The embeddings path under ``root`` (OpenAI: ``/v1`` is added when the URL lacks it)."""
    if flavour == "ollama":
        return "/api/embed"
    return "/embeddings" if urlsplit(root).path.endswith("/v1") else "/v1/embeddings"


def shown_url(url: str) -> str:
    """``url`` without any user:password part or query (a key may sit in either), for
    messages and logs."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
