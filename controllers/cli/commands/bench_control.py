"""``gitea-assistants bench control``: event -> task enqueued latency and tasks scheduled/s."""

from __future__ import annotations

import click

from controllers.cli.app import app_settings
from controllers.cli.commands.bench import bench_group, show_report


@bench_group.command("control")
@click.option("--events", "count", default=200, show_default=True, type=click.IntRange(5, 10_000))
@click.option("--burst", default=200, show_default=True, type=click.IntRange(5, 10_000))
@click.option("--json", "as_json", is_flag=True)
def bench_control(count: int, burst: int, as_json: bool) -> None:
    """Latency from an entry's commit to its task on an agent's queue; burst throughput."""
    from controllers.bench.control_bench import control_figures, run_control_bench

    settings = app_settings()
    report = run_control_bench(settings.board, settings.control, count=count, burst=burst)
    show_report("bench control", report, control_figures(report), as_json)
