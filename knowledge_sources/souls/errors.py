"""Errors raised while loading souls: each names the file and the field that is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class SoulError(Exception):
    """One soul file is invalid. ``problems`` lists ``(field, message)`` pairs."""

    def __init__(self, path: Path, problems: Sequence[tuple[str, str]]) -> None:
        self.path = path
        self.problems = list(problems)
        lines = [f"{path}: invalid soul"]
        lines += [
            f"  - {field}: {message}" if field else f"  - {message}"
            for field, message in self.problems
        ]
        super().__init__("\n".join(lines))


class SoulsInvalidError(Exception):
    """Some souls in a directory are invalid (or clash); ``errors`` has one entry per file."""

    def __init__(self, errors: Sequence[SoulError]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        header = f"{count} invalid soul file{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(str(e) for e in self.errors)]))
