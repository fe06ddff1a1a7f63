"""``gitea-assistants bench ...``: the shipped benchmarks."""

from __future__ import annotations

import click

from controllers.cli.output import print_json, print_table


@click.group("bench")
def bench_group() -> None:
    """Benchmarks (run against a scratch database, never the board)."""


@bench_group.command("search")
@click.option("--n", default=100_000, show_default=True, type=click.IntRange(100, 5_000_000))
@click.option("--queries", default=200, show_default=True, type=click.IntRange(10, 10_000))
@click.option("--json", "as_json", is_flag=True)
def bench_search(n: int, queries: int, as_json: bool) -> None:
    """Recall@10 of HNSW vs exact scan, p50/p95 latency, filtered queries' row counts."""
    from controllers.bench.search_bench import run_search_bench

    report = run_search_bench(n=n, queries=queries)
    if as_json:
        print_json(report)
    else:
        print_table("bench search", ["metric", "value"], sorted(report.items()))


@bench_group.command("events")
@click.option("--events", "count", default=500, show_default=True, type=click.IntRange(10, 100_000))
@click.option("--json", "as_json", is_flag=True)
def bench_events(count: int, as_json: bool) -> None:
    """Latency from commit to listener wake-up."""
    from controllers.bench.events_bench import run_events_bench

    report = run_events_bench(count=count)
    if as_json:
        print_json(report)
    else:
        print_table("bench events", ["metric", "value"], sorted(report.items()))


CLI_COMMAND = bench_group
