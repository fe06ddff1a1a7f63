"""Chat messages and the prompt shapes every face of a provider accepts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class Message:
    """One turn of a chat."""

    role: Role
    content: str

    def as_dict(self) -> dict[str, str]:
        """The ``{"role": ..., "content": ...}`` form chat APIs expect."""
        return {"role": self.role, "content": self.content}


Prompt = str | Sequence[Message]
"""A bare string (one user turn) or a full conversation."""


def system(content: str) -> Message:
    """A system turn."""
    return Message("system", content)


def user(content: str) -> Message:
    """A user turn."""
    return Message("user", content)


def assistant(content: str) -> Message:
    """An assistant turn."""
    return Message("assistant", content)


def as_messages(prompt: Prompt, system_prompt: str | None = None) -> list[Message]:
    """Normalise ``prompt`` to a list of messages, with ``system_prompt`` first when given."""
    messages = [user(prompt)] if isinstance(prompt, str) else list(prompt)
    if system_prompt:
        messages = [system(system_prompt), *messages]
    return messages


def with_note(messages: Sequence[Message], note: str) -> list[Message]:
    """``messages`` with ``note`` appended to the last user turn (or as a new user turn)."""
    out = list(messages)
    for index in range(len(out) - 1, -1, -1):
        if out[index].role == "user":
            out[index] = user(f"{out[index].content}\n\n{note}")
            return out
    out.append(user(note))
    return out


def render_plain(messages: Sequence[Message]) -> str:
    """A plain-text transcript, for models without a chat template."""
    lines = [f"{m.role}: {m.content}" for m in messages]
    lines.append("assistant:")
    return "\n".join(lines)
