"""A scripted model for tests: answers come from queues, and every call is recorded.

    model = ScriptedModel()
    model.script("choose", "bug")                  # next choose() answers "bug"
    model.script("generate", "draft", "revision")  # next two generate() calls
    model.script("structured", {"title": "x"})     # a dict, a pydantic object or JSON text
    model.script("generate", ModelUnavailableError("down"))  # simulate an outage
    model.script("choose", lambda call: call.choices[-1])    # decide from the call

Answers go through the same parsing and validation as a real model's, so a script that picks
an option that was not offered fails the same way. When a queue is empty a strict model raises
``ScriptExhaustedError``; a lenient one (``strict=False``) writes a placeholder text, picks the
first option, and still raises for ``structured`` (it cannot invent an object).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from blackboard.embeddings.base import SharedEmbedder
from blackboard.embeddings.hashing import HashingEmbedder
from knowledge_sources.models.base import BaseProvider, Request
from knowledge_sources.models.constraints import ChoiceConstraint, SchemaConstraint
from knowledge_sources.models.embedding import EmbedderSource
from knowledge_sources.models.errors import ModelError
from knowledge_sources.models.messages import Message

Face = Literal["generate", "choose", "structured"]
FACES: tuple[Face, ...] = ("generate", "choose", "structured")


class ScriptExhaustedError(ModelError):
    """A strict scripted model was called more often than it was scripted for."""


@dataclass
class ScriptedCall:
    """One call the scripted model received, and what it answered."""

    face: Face
    messages: list[Message]
    choices: tuple[str, ...] | None = None
    schema: dict[str, Any] | None = None
    request: Request = field(default_factory=Request)
    answer: str | None = None

    @property
    def prompt(self) -> str:
        """All message contents joined (handy for ``in`` checks in tests)."""
        return "\n".join(m.content for m in self.messages)


Answer = (
    str | BaseModel | dict[str, Any] | list[Any] | BaseException | Callable[[ScriptedCall], Any]
)


class ScriptedModel(BaseProvider):
    """Queued answers per face; ``calls`` records every request in order."""

    kind = "scripted"

    def __init__(
        self,
        name: str = "scripted",
        *,
        strict: bool = True,
        embedder: EmbedderSource | None = None,
        latency_s: float = 0.0,
    ) -> None:
        super().__init__(name, embedder=embedder or SharedEmbedder(HashingEmbedder(384)))
        self.strict = strict
        self.latency_s = latency_s
        """Seconds every call waits before answering (a stand-in for a slow model server)."""
        self.calls: list[ScriptedCall] = []
        self._queues: dict[Face, deque[Answer]] = {face: deque() for face in FACES}

    def script(self, face: Face, *answers: Answer) -> ScriptedModel:
        """Queue ``answers`` for the next calls of ``face``; returns self for chaining."""
        if face not in self._queues:
            raise ValueError(f"unknown face {face!r}; use one of {list(FACES)}")
        self._queues[face].extend(answers)
        return self

    def pending(self, face: Face | None = None) -> int:
        """How many scripted answers are still queued (for one face, or all)."""
        if face is not None:
            return len(self._queues[face])
        return sum(len(q) for q in self._queues.values())

    def calls_to(self, face: Face) -> list[ScriptedCall]:
        """The recorded calls of one face."""
        return [c for c in self.calls if c.face == face]

    async def _complete(self, messages: list[Message], request: Request) -> str:
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        constraint = request.constraint
        call = ScriptedCall(_face(request), list(messages), request=request)
        if isinstance(constraint, ChoiceConstraint):
            call.choices = constraint.options
        elif isinstance(constraint, SchemaConstraint):
            call.schema = constraint.schema
        self.calls.append(call)
        queue = self._queues[call.face]
        answer: Any = queue.popleft() if queue else self._fallback(call)
        if callable(answer) and not isinstance(answer, BaseModel):
            answer = answer(call)
        if isinstance(answer, BaseException):
            raise answer
        call.answer = _as_text(answer)
        return call.answer

    def _fallback(self, call: ScriptedCall) -> Answer:
        if self.strict or call.face == "structured":
            raise ScriptExhaustedError(
                f"scripted model {self.model!r} has no answer queued for {call.face}() "
                f"(call #{len(self.calls)}; prompt starts {call.prompt[:80]!r})"
            )
        if call.face == "choose" and call.choices:
            return call.choices[0]
        return f"(scripted answer to: {call.prompt[:60]})"


def _face(request: Request) -> Face:
    if isinstance(request.constraint, ChoiceConstraint):
        return "choose"
    if isinstance(request.constraint, SchemaConstraint):
        return "structured"
    return "generate"


def _as_text(answer: Any) -> str:
    if isinstance(answer, str):
        return answer
    if isinstance(answer, BaseModel):
        return answer.model_dump_json()
    return json.dumps(answer)
