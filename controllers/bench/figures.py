"""A benchmark's figures for people: a readable name, the value, its target, met or missed.

Each benchmark keeps its raw report (a dict, what ``--json`` always carried) and says which of
its numbers matter and against what target with a list of ``Figure``. ``figures_table`` renders
them as one table (name | figure | target | met/missed) and ``figures_json`` as the same facts
for scripts; ``controllers/cli/commands/bench.py`` shows either for every ``bench`` command.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich.table import Table
from rich.text import Text

Comparison = Literal[">=", "<=", "=="]


@dataclass(frozen=True)
class Target:
    """What a figure must reach: ``>= 0.95``, ``<= 25`` (in the figure's unit), ``== 0``."""

    comparison: Comparison
    bound: float

    def met(self, value: float) -> bool:
        """Whether ``value`` reaches the target (a missing value, NaN, never does)."""
        if math.isnan(value):
            return False
        if self.comparison == ">=":
            return value >= self.bound
        if self.comparison == "<=":
            return value <= self.bound
        return value == self.bound

    def shown(self, unit: str) -> str:
        """``>= 0.95``, ``<= 25 ms``."""
        return f"{self.comparison} {_number(self.bound)}{_spaced(unit)}"


@dataclass(frozen=True)
class Figure:
    """One number of a benchmark (or a fact about its run, like the model used)."""

    name: str
    value: float | int | str
    unit: str = ""
    target: Target | None = None

    @property
    def met(self) -> bool | None:
        """``True``/``False`` against the target; ``None`` when there is none."""
        if self.target is None:
            return None
        if isinstance(self.value, str):
            return False
        return self.target.met(float(self.value))

    def shown(self) -> str:
        """The value with its unit, as the table prints it."""
        if isinstance(self.value, str):
            return self.value
        return f"{_number(self.value)}{_spaced(self.unit)}"


MARKS = {True: ("✓ met", "green"), False: ("✗ missed", "bold red"), None: ("", "")}


def figures_table(title: str, figures: Sequence[Figure]) -> Table:
    """The table every ``bench`` command prints: name | figure | target | met/missed."""
    table = Table(title=title)
    table.add_column("figure", overflow="fold")
    table.add_column("value", justify="right", overflow="fold")
    table.add_column("target", overflow="fold")
    table.add_column("met", no_wrap=True)
    for figure in figures:
        mark, style = MARKS[figure.met]
        target = figure.target.shown(figure.unit) if figure.target else ""
        table.add_row(figure.name, figure.shown(), target, Text(mark, style=style))
    return table


def figures_json(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """The same figures for scripts: name, value, unit, target (as shown) and met."""
    return [
        {
            "name": f.name,
            "value": f.value,
            "unit": f.unit,
            "target": f.target.shown(f.unit) if f.target else None,
            "met": f.met,
        }
        for f in figures
    ]


def _number(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def _spaced(unit: str) -> str:
    """No space before ``%``, ``x`` and ``/s`` (``99%``, ``1.5x``, ``62/s``), one before others."""
    return unit if not unit or unit in ("%", "x", "/s") else f" {unit}"
