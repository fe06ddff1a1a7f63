"""``gitea-assistants bench edits``: edit tasks through the coder's tools with a given model."""

from __future__ import annotations

import click

from controllers.cli.app import app_settings
from controllers.cli.commands.bench import bench_group, show_report


@bench_group.command("edits")
@click.option(
    "--provider",
    type=click.Choice(["scripted", "ollama", "openai", "smollm2", "outlines"]),
    default="scripted",
    show_default=True,
    help="scripted replays each task's reference calls (checks the plumbing).",
)
@click.option("--model", "model_name", default="", help="Model name on the server (ollama/openai).")
@click.option("--base-url", default=None, help="Server URL; unset: GA_OLLAMA_URL / GA_OPENAI_URL.")
@click.option("--max-calls", default=12, show_default=True, type=click.IntRange(1, 100))
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N tasks.")
@click.option("--json", "as_json", is_flag=True)
def bench_edits(
    provider: str,
    model_name: str,
    base_url: str | None,
    max_calls: int,
    limit: int | None,
    as_json: bool,
) -> None:
    """The shipped edit tasks (tests/data/edits): success rate, gate failures, time."""
    from controllers.bench.edits_bench import edits_figures, run_edits_bench, scripted_model_for
    from knowledge_sources.models.config import ModelConfig
    from knowledge_sources.models.factory import make_provider

    if provider == "scripted":
        report = run_edits_bench(scripted_model_for, max_calls=max_calls, limit=limit)
    else:
        config = ModelConfig.model_validate(
            {"provider": provider, "name": model_name, "base_url": base_url}
        )
        model = make_provider(config, app_settings().models)
        report = run_edits_bench(
            lambda _task: model, model_name=model.name, max_calls=max_calls, limit=limit
        )
    show_report("bench edits", report, edits_figures(report), as_json)
