"""``gitea-assistants bench ...``: the shipped benchmarks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from controllers.bench.figures import Figure, figures_json, figures_table
from controllers.cli.app import app_settings
from controllers.cli.output import console, print_json


@click.group("bench")
def bench_group() -> None:
    """Benchmarks (run against a scratch database, never the board)."""


def show_report(
    title: str, report: dict[str, Any], figures: Sequence[Figure], as_json: bool
) -> None:
    """What every ``bench`` command prints: the figures as a table (name | value | target |
    met), or with ``--json`` the raw report plus the same figures under ``"figures"``."""
    if as_json:
        print_json({**report, "figures": figures_json(figures)})
    else:
        console.print(figures_table(title, figures))


@bench_group.command("search")
@click.option("--n", default=100_000, show_default=True, type=click.IntRange(100, 5_000_000))
@click.option("--queries", default=200, show_default=True, type=click.IntRange(10, 10_000))
@click.option(
    "--variants",
    "only",
    multiple=True,
    type=click.Choice(["baseline", "vector", "board"]),
    help="Index variants to build (repeat; default all). The board's is always built.",
)
@click.option(
    "--beam",
    "beams",
    multiple=True,
    type=click.IntRange(10, 1000),
    help="Also query the board's index with this beam (repeat): recall and latency per beam.",
)
@click.option("--json", "as_json", is_flag=True)
def bench_search(
    n: int, queries: int, only: tuple[str, ...], beams: tuple[int, ...], as_json: bool
) -> None:
    """Recall@10 of HNSW vs exact scan, p50/p95 latency, filtered queries' row counts."""
    from controllers.bench.search_bench import run_search_bench, search_figures

    report = run_search_bench(app_settings().board, n=n, queries=queries, only=only, beams=beams)
    show_report("bench search", report, search_figures(report), as_json)


@bench_group.command("events")
@click.option("--events", "count", default=500, show_default=True, type=click.IntRange(10, 100_000))
@click.option("--json", "as_json", is_flag=True)
def bench_events(count: int, as_json: bool) -> None:
    """Latency from commit to listener wake-up."""
    from controllers.bench.events_bench import events_figures, run_events_bench

    report = run_events_bench(app_settings().board, count=count)
    show_report("bench events", report, events_figures(report), as_json)


CLI_COMMAND = bench_group
