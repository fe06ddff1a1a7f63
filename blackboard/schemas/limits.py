"""What the board accepts as input: id ranges, list lengths, JSON size and depth, text bytes.

PostgreSQL refuses some input outright (a NUL in text or JSON, a lone UTF-16 surrogate, an
integer past its column, a non-finite number in JSON or a vector, more than 65,535 parameters in
one statement); these checks refuse it first, with a message naming the field, so a caller gets a
400 instead of a database error. ``BoardInput`` is the base of every ``*In``/``*Patch`` shape.
"""

from __future__ import annotations

import json
import math
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, model_validator

BIGINT_MAX = 2**63 - 1
"""Largest id (PostgreSQL ``bigint``)."""

INT_MAX = 2**31 - 1
"""Largest version, depth or count (PostgreSQL ``integer``)."""

MAX_LIST_ITEMS = 100
"""Most values in one filter list (search kinds, tags, statuses)."""

MAX_JSON_DEPTH = 32
"""Deepest nesting of objects and lists in ``meta``, ``payload`` or ``result``."""

MAX_JSON_BYTES = 2_097_152
"""Largest ``meta``, ``payload`` or ``result`` (as compact JSON)."""

FLOAT4_MAX = 3.4e38
"""Largest magnitude a vector component may have (pgvector stores 4-byte floats)."""

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
"""A row id."""

Count = Annotated[int, Field(ge=0, le=INT_MAX)]
"""A version, a depth: a non-negative PostgreSQL ``integer``."""

_REFUSED_CHARS = re.compile("[\x00\ud800-\udfff]")


def refused_text(text: str) -> str | None:
    """Why PostgreSQL would refuse ``text``, or None if it stores it."""
    found = _REFUSED_CHARS.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL byte, which PostgreSQL cannot store; remove it"
    return "contains a lone UTF-16 surrogate, which is not valid UTF-8; remove it"


def _check_json(value: object, where: str, depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"{where} is nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        if reason := refused_text(value):
            raise ValueError(f"{where} {reason}")
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where} is {value}; JSON numbers must be finite")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(key, f"a key in {where}", depth + 1)
            _check_json(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{where}[{index}]", depth + 1)


def check_json(value: object, where: str) -> None:
    """Refuse JSON the board would not store: too deep, too big, NUL bytes, non-finite numbers."""
    _check_json(value, where, 0)
    size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_JSON_BYTES:
        raise ValueError(f"{where} is {size} bytes as JSON; the limit is {MAX_JSON_BYTES}")


def _vector(values: list[float]) -> list[float]:
    for index, number in enumerate(values):
        if not math.isfinite(number) or abs(number) > FLOAT4_MAX:
            raise ValueError(f"component {index} is {number}; each must be finite, |x| <= 3.4e38")
    return values


Vector = Annotated[list[float], Field(max_length=4096), AfterValidator(_vector)]
"""A query vector: finite 4-byte floats (its width is checked against the board's)."""

Tag = Annotated[str, Field(max_length=100)]
"""One tag (the column holds 100 characters)."""

FilterList = Annotated[list[str], Field(max_length=MAX_LIST_ITEMS)]
"""A list of filter values."""


class BoardInput(BaseModel):
    """Base of input shapes: text, list and JSON fields are checked for what PostgreSQL refuses."""

    @model_validator(mode="after")
    def _storable(self) -> BoardInput:
        for name in type(self).model_fields:
            _check_field(name, getattr(self, name))
        return self


def _check_field(name: str, value: object) -> None:
    if isinstance(value, str):
        if reason := refused_text(value):
            raise ValueError(f"{name} {reason}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_field(f"{name}[{index}]", item)
    elif isinstance(value, dict):
        check_json(value, name)
