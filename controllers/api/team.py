"""The team the app serves: the souls it was composed with, and whether they run beside it."""

from __future__ import annotations

from pathlib import Path

from knowledge_sources.souls import load_souls


class TeamRoster:
    """The team's names (the souls in ``souls_dir``, read once when first asked) and
    ``running``: whether this process runs the team (``up`` without ``--no-agents``)."""

    def __init__(self, souls_dir: Path | None = None, *, running: bool = False) -> None:
        self.souls_dir = souls_dir
        self.running = running
        self._names: tuple[str, ...] | None = None

    def names(self) -> tuple[str, ...]:
        """The agents' names, sorted."""
        if self._names is None:
            self._names = tuple(sorted(load_souls(self.souls_dir)))
        return self._names
