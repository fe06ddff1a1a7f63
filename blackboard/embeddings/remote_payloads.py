"""Reading an embedding server's answer: Ollama's ``embeddings`` or OpenAI's ``data`` (put
back in input order by ``index``), each vector a list of finite numbers; and the error text
an Ollama, OpenAI or vLLM error body carries."""

from __future__ import annotations

import math
from typing import Any


def message(payload: Any) -> str | None:
    """The error text of an Ollama (``error``), OpenAI (``error.message``) or vLLM
    (``message``) error body."""
    if not isinstance(payload, dict):
        return None
    error = payload.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    if isinstance(error, str):
        return error
    message = payload.get("message")
    return message if isinstance(message, str) else None


def rows(flavour: str, payload: Any) -> list[Any]:
    """The vectors of a response, in input order."""
    if not isinstance(payload, dict):
        raise TypeError(f"the answer is a {type(payload).__name__}, not an object")
    if flavour == "ollama":
        rows = payload["embeddings"]
        if not isinstance(rows, list):
            raise TypeError("'embeddings' is not a list")
        return rows
    data = payload["data"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise TypeError("'data' is not a list of objects")
    indexes = [item["index"] for item in data]
    if sorted(indexes) != list(range(len(data))):
        raise ValueError(f"'data' indexes are {indexes[:10]}, not 0..{len(data) - 1}")
    return [item["embedding"] for item in sorted(data, key=lambda item: item["index"])]


def numbers(row: Any) -> list[float]:
    """One vector as floats; anything but a list of finite numbers is refused."""
    if not isinstance(row, list):
        raise TypeError(f"a vector is a {type(row).__name__}, not a list of numbers")
    for value in row:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"a vector holds {type(value).__name__} {str(value)[:20]!r}")
        if not math.isfinite(value):
            raise ValueError(f"a vector holds {value}")
    return [float(value) for value in row]


def normalise(vec: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    return [v / norm for v in vec]
