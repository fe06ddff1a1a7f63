"""``gitea-assistants bench triage``: label accuracy, duplicate precision and recall."""

from __future__ import annotations

from pathlib import Path

import click

from blackboard.errors import BoardError
from controllers.cli.app import app_settings
from controllers.cli.commands.bench import bench_group, show_report


@bench_group.command("triage")
@click.option(
    "--set",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with labels.json and issues.jsonl (default: the shipped set of 42 issues).",
)
@click.option(
    "--limit",
    default=None,
    type=click.IntRange(1, 100_000),
    help="Only the first N issues (a slice, for slow models).",
)
@click.option("--json", "as_json", is_flag=True)
def bench_triage(folder: Path | None, limit: int | None, as_json: bool) -> None:
    """Triage a labelled set with the triager's model (GA_MODEL_PROVIDER picks another)."""
    from controllers.bench.triage_bench import run_triage_bench, triage_figures
    from controllers.bench.triage_data import DEFAULT_SET, load_set

    try:
        data = load_set(folder or DEFAULT_SET)
        report = run_triage_bench(app_settings(), data, limit)
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    show_report("bench triage", report, triage_figures(report), as_json)
