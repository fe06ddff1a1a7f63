"""The progress bar on stderr (files done of total, chunks per second) for the CLI, and a
second one while the vector index is built after a bulk load."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class RichProgress:
    """A ``ProgressSink`` drawing a rich progress bar on stderr."""

    def __init__(self, description: str, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._started = time.perf_counter()
        self._chunks = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TextColumn("{task.fields[rate]:>7.1f} chunks/s"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=self.console,
            transient=True,
        )
        self._task: TaskID = self._progress.add_task(
            description, total=None, rate=0.0, current="", unit="files"
        )
        self._index_task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def start(self, total: int | None) -> None:
        self._started = time.perf_counter()
        self._progress.update(self._task, total=total)

    def advance(self, label: str, chunks: int) -> None:
        self._chunks += chunks
        elapsed = max(time.perf_counter() - self._started, 1e-6)
        self._progress.update(
            self._task, advance=1, rate=self._chunks / elapsed, current=label[-60:]
        )

    def indexing(self, done: int, total: int) -> None:
        """Chunks the vector index holds so far (``ingest.pipeline.IndexProgressSink``)."""
        if self._index_task is None:
            self._index_task = self._progress.add_task(
                "building the vector index", total=total, rate=0.0, current="", unit="chunks"
            )
        self._progress.update(self._index_task, completed=done, total=total)
