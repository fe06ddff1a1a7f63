"""Arithmetic operations."""

from __future__ import annotations

PRECISION = 2


def add(a: float, b: float) -> float:
    return a + b


def sub(a: float, b: float) -> float:
    return a - b


def mul(a: float, b: float) -> float:
    return a * b


def div(a: float, b: float) -> float:
    return a / b


class Calculator:
    """Keeps a running total."""

    def __init__(self) -> None:
        self.total = 0.0
        self.history: list[str] = []

    def apply(self, op: str, value: float) -> float:
        if op == "+":
            self.total = add(self.total, value)
        elif op == "-":
            self.total = sub(self.total, value)
        self.history.append(f"{op}{value}")
        return self.total

    def reset(self) -> None:
        self.total = 0.0

    @staticmethod
    def describe() -> str:
        return "calculator"
