"""Formatting results for people."""

from __future__ import annotations

from calc.ops import PRECISION


def format_result(value: float) -> str:
    return f"{value:.{PRECISION}f}"


def format_history(items: list[str]) -> str:
    return ", ".join(items)
