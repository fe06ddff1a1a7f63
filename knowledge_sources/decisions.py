"""One decision an agent made by constrained choice, as the board keeps it for people to check.

Every behaviour records its choices in the same shape, in its record entry's
``meta.decisions``: what was asked, the options it had, what it chose and why. The web view shows
them as a table and the mirror attaches people's corrections to them (``feedback``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Choice:
    """What was asked (``decision``), the ``options``, the one ``chosen`` and the ``reason``."""

    decision: str
    options: list[str]
    chosen: str
    reason: str

    def as_meta(self) -> dict[str, object]:
        """As stored on the board (a record's ``meta.decisions``)."""
        return asdict(self)
