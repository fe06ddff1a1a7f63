"""``gitea-assistants bench research``: the researcher's notes vs the top-k extractive note."""

from __future__ import annotations

from pathlib import Path

import click

from blackboard.errors import BoardError
from controllers.cli.app import app_settings
from controllers.cli.commands.bench import bench_group
from controllers.cli.output import print_json, print_table


@bench_group.command("research")
@click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with questions.jsonl and corpus/ (default: tests/data/retrieval).",
)
@click.option(
    "--questions",
    "limit",
    type=click.IntRange(1, 10_000),
    default=None,
    help="Only the first N questions (a small model takes seconds per note).",
)
@click.option("--json", "as_json", is_flag=True)
def bench_research(data: Path | None, limit: int | None, as_json: bool) -> None:
    """Share of notes citing the answer, valid citations, seconds per note; model vs baseline."""
    from controllers.bench.research_bench import DEFAULT_DATA, run_research_bench

    try:
        report = run_research_bench(app_settings(), data or DEFAULT_DATA, limit)
    except (BoardError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(report)
        return
    rows = [
        (metric, report["researcher"][metric], report["baseline"][metric])
        for metric in (
            "notes",
            "answer_cited_share",
            "answer_citation_share",
            "citations_per_note",
            "valid_citation_share",
            "seconds_per_note",
        )
    ]
    rows.append(("written_by", report["researcher"]["written_by"], "extractive"))
    print_table(f"bench research ({report['model']})", ["metric", "researcher", "baseline"], rows)
    print_table(
        "targets",
        ["target", "met"],
        [(name, "met" if met else "MISSED") for name, met in report["targets_met"].items()],
    )
