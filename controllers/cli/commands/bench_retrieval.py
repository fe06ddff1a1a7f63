"""``gitea-assistants bench retrieval``: search quality per document vs LlamaIndex's defaults."""

from __future__ import annotations

from pathlib import Path

import click

from blackboard.errors import BoardError
from controllers.cli.app import app_settings
from controllers.cli.commands.bench import bench_group
from controllers.cli.output import print_json, print_table

COLUMNS = ["mode", "hit@1", "hit@5", "MRR@10", "docs in top 5", "p50 ms", "p95 ms"]


@bench_group.command("retrieval")
@click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with corpus/ and questions.jsonl (default: the shipped set).",
)
@click.option(
    "--limit",
    default=None,
    type=click.IntRange(1, 100_000),
    help="Only the first N questions, over only the documents they ask about (a smoke run).",
)
@click.option("--json", "as_json", is_flag=True)
def bench_retrieval(data: Path | None, limit: int | None, as_json: bool) -> None:
    """hit@1, hit@5, MRR@10 per document for every search mode and a LlamaIndex baseline."""
    from controllers.bench.retrieval_bench import run_retrieval_bench
    from controllers.bench.retrieval_data import DEFAULT_DATA

    settings = app_settings()
    try:
        report = run_retrieval_bench(settings.board, settings.ingest, data or DEFAULT_DATA, limit)
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(report)
        return
    rows = [
        [
            name,
            m["hit_at_1"],
            m["hit_at_5"],
            m["mrr_at_10"],
            m["documents_in_top_5"],
            m["p50_ms"],
            m["p95_ms"],
        ]
        for name, m in report["modes"].items()
    ]
    title = (
        f"bench retrieval: {report['questions']} questions, {report['documents']} documents, "
        f"{report['chunks']} chunks ({report['baseline_nodes']} baseline nodes), "
        f"{report['embedder']}"
    )
    print_table(title, COLUMNS, rows)
    targets = [[goal, "met" if met else "missed"] for goal, met in report["targets_met"].items()]
    print_table("targets", ["target", "result"], targets)
