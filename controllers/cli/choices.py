"""Options that take a word of the board's vocabulary: refused with the list and a did-you-mean."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import click

from controllers.suggestions import closest


class VocabularyChoice(click.Choice[str]):
    """``click.Choice`` over an enum's values whose refusal suggests the closest one."""

    def __init__(self, vocabulary: type[StrEnum]) -> None:
        super().__init__([member.value for member in vocabulary])

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        choices = [str(choice) for choice in self.choices]
        near = closest(str(value), choices)
        hint = f" Did you mean {near!r}?" if near else ""
        return f"{value!r} is not one of {', '.join(choices)}.{hint}"
