"""``gitea-assistants bench scale``: tasks/s per worker count, efficiency, queue overhead."""

from __future__ import annotations

import click

from controllers.cli.app import app_settings
from controllers.cli.commands.bench import bench_group
from controllers.cli.output import print_json, print_table


def _counts(_ctx: click.Context, _param: click.Parameter, value: str) -> list[int]:
    try:
        counts = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1 or max(counts) > 64:
        raise click.BadParameter("a comma-separated list of worker counts from 1 to 64, e.g. 1,2,4")
    return counts


@bench_group.command("scale")
@click.option(
    "--workers",
    default="1,2,4",
    show_default=True,
    callback=_counts,
    help="Worker counts to measure (the first is the base of the efficiency).",
)
@click.option("--tasks", default=24, show_default=True, type=click.IntRange(4, 10_000))
@click.option(
    "--latency-ms",
    default=200,
    show_default=True,
    type=click.IntRange(0, 60_000),
    help="The scripted model's time per call.",
)
@click.option("--json", "as_json", is_flag=True)
def bench_scale(workers: list[int], tasks: int, latency_ms: int, as_json: bool) -> None:
    """A burst of tasks drained by 1, 2, 4... workers of one agent; raw SAQ alongside."""
    from controllers.bench.scale_bench import run_scale_bench

    settings = app_settings()
    report = run_scale_bench(
        settings.board, settings.control, workers, tasks=tasks, latency_s=latency_ms / 1000
    )
    if as_json:
        print_json(report)
        return
    columns = [
        "workers",
        "tasks_per_s",
        "efficiency",
        "raw_saq_tasks_per_s",
        "overhead_ms_per_task",
    ]
    rows = [[r[c] for c in columns] for r in report["rounds"]]
    calls = report["calls_per_task"]
    title = f"bench scale: {tasks} tasks of {calls} model calls, {latency_ms} ms each"
    print_table(title, columns, rows)
