"""Printing an ``IngestReport`` for people: counts, chunk figures, skipped files with reasons."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from ingest.model import IngestReport

MAX_LISTED = 50


def print_summary(report: IngestReport, console: Console) -> None:
    """The outcome table, then the skipped files (grouped reasons first)."""
    state = "interrupted" if report.interrupted else "done"
    console.print(f"[bold]ingest {report.store}[/bold] ({report.kind}): {state}")
    table = Table()
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for name, count in report.counts().items():
        table.add_row(name, str(count))
    console.print(table)
    chunks = report.chunks
    console.print(
        f"chunks: {chunks.written} written, {chunks.embedded} embedded, {chunks.kept} kept, "
        f"{chunks.removed} removed in {report.seconds:.1f} s"
    )
    if chunks.embedded:
        loaded = (
            f"; loading the embedding model took {report.model_load_seconds:.1f} s"
            if report.model_load_seconds >= 0.05
            else ""
        )
        console.print(
            f"embedding: {chunks.embedded} chunks in {report.embedding_seconds:.1f} s "
            f"({report.embedded_per_second:.1f} chunks/s){loaded}"
        )
    if report.deleted:
        more = " ..." if len(report.deleted) > MAX_LISTED else ""
        console.print(
            "marked gone: " + ", ".join(report.deleted[:MAX_LISTED]) + more,
            highlight=False,
            markup=False,
        )
    if report.skipped:
        reasons = Counter(_reason_kind(s.reason) for s in report.skipped)
        console.print("skipped: " + ", ".join(f"{n} {r}" for r, n in reasons.most_common()))
        for skip in report.skipped[:MAX_LISTED]:
            console.print(f"  {skip.label}: {skip.reason}", highlight=False, markup=False)
        if len(report.skipped) > MAX_LISTED:
            console.print(f"  ... and {len(report.skipped) - MAX_LISTED} more (--json lists all)")
    if report.interrupted:
        console.print("[yellow]interrupted: what was stored is whole; run again to finish.")


def _reason_kind(reason: str) -> str:
    return reason.split(" (", 1)[0].split(":", 1)[0]
