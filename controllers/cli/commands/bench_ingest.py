"""``gitea-assistants bench ingest``: our ingest against a LlamaIndex pipeline, on a scratch DB."""

from __future__ import annotations

import click

from blackboard.errors import BoardError
from controllers.cli.app import app_settings
from controllers.cli.commands.bench import bench_group, show_report


@bench_group.command("ingest")
@click.option(
    "--chunks",
    "min_chunks",
    default=2000,
    show_default=True,
    type=click.IntRange(100, 1_000_000),
    help="Corpus size in chunks (at least).",
)
@click.option("--chunk-size", default=200, show_default=True, type=click.IntRange(32, 4096))
@click.option("--chunk-overlap", default=20, show_default=True, type=click.IntRange(0, 1024))
@click.option(
    "--baseline-batch-size",
    default=None,
    type=click.IntRange(1, 4096),
    help="Baseline embedding batch size (default: LlamaIndex's default).",
)
@click.option(
    "--repeat",
    default=1,
    show_default=True,
    type=click.IntRange(1, 10),
    help="Alternate the two sides this many times; the best run of each counts.",
)
@click.option("--json", "as_json", is_flag=True)
def bench_ingest(
    min_chunks: int,
    chunk_size: int,
    chunk_overlap: int,
    baseline_batch_size: int | None,
    repeat: int,
    as_json: bool,
) -> None:
    """Chunks/s vs a LlamaIndex IngestionPipeline into pgvector; cold vs unchanged re-ingest."""
    from controllers.bench.ingest_bench import ingest_figures, run_ingest_bench

    if chunk_overlap >= chunk_size:
        raise click.BadParameter("must be smaller than --chunk-size", param_hint="--chunk-overlap")
    try:
        report = run_ingest_bench(
            app_settings().board, min_chunks, chunk_size, chunk_overlap, baseline_batch_size, repeat
        )
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    show_report("bench ingest", report, ingest_figures(report), as_json)
