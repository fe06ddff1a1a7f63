"""``gitea-assistants serve ROLE``: one part of the program per process, on a shared PostgreSQL.

``up`` runs every part in one process (``controllers.composition`` builds them for both):
``api`` (any number, behind a load balancer), ``control`` (one active, the others wait and take
over), ``worker --agent NAME`` (any number per agent, anywhere), ``sync`` and ``outbox`` (one
active each). See docs/processes.md.
"""

from __future__ import annotations

import asyncio

import click
import uvicorn

from controllers.api.app import create_app
from controllers.api.team import TeamRoster
from controllers.api.token import ensure_api_token
from controllers.cli.app import app_settings
from controllers.cli.patterns import check_team_patterns
from controllers.cli.serving import role_logging, run_role, shared_board
from controllers.composition import control_role, outbox_role, sync_role, worker_role
from knowledge_sources.souls import load_souls


@click.group("serve")
def serve_group() -> None:
    """Run one part of the program against the PostgreSQL at DATABASE_URL ('up' runs all)."""


@serve_group.command("api")
@click.option("--host", default=None, help="Interface to listen on [default: GA_HOST or 127.0.0.1]")
@click.option("--port", default=None, type=int, help="Port [default: GA_PORT or 8000]")
def serve_api(host: str | None, port: int | None) -> None:
    """The HTTP API, webhooks and web view (no background work); run as many as you like."""
    settings = app_settings()
    role_logging(settings.board.log_level)
    token, token_file = ensure_api_token(settings.board)
    if token_file is not None:  # the other copies of the API would not know it
        click.echo(f"serve api: API token from {token_file}; give every copy GA_API_TOKEN")
    board = shared_board(settings, "api")
    app = create_app(
        settings,
        board=board,
        token=token,
        owns_board=True,
        team=TeamRoster(settings.models.souls_dir, running=True),
    )
    host, port = host or settings.board.host, port or settings.board.port
    click.echo(f"serve api: http://{host}:{port} on the database at DATABASE_URL")
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    )
    asyncio.run(server.serve())


@serve_group.command("control")
def serve_control() -> None:
    """The control loop: one copy is active, the others wait and take over when it dies."""
    run_role(app_settings(), "control", [control_role(app_settings())])


@serve_group.command("worker")
@click.option(
    "--agent",
    "agents",
    multiple=True,
    required=True,
    help="An agent (soul) whose queue this process works; repeat for several.",
)
@click.option(
    "--concurrency",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Jobs each agent's worker runs at once.",
)
def serve_worker(agents: tuple[str, ...], concurrency: int) -> None:
    """SAQ workers for the named agents; run any number, anywhere: each job runs once."""
    settings = app_settings()
    souls = load_souls(settings.models.souls_dir)
    unknown = sorted(set(agents) - set(souls))
    if unknown:
        raise click.BadParameter(
            f"no soul named {', '.join(unknown)} (the team: {', '.join(sorted(souls))})",
            param_hint="--agent",
        )
    check_team_patterns(settings, agents)
    run_role(settings, "worker", [worker_role(settings, set(agents), concurrency)])


@serve_group.command("sync")
def serve_sync() -> None:
    """The periodic Gitea sync: one copy active, the others wait and take over."""
    run_role(app_settings(), "sync", [sync_role(app_settings())])


@serve_group.command("outbox")
def serve_outbox() -> None:
    """The outbox and the Telegram bots: one copy active, the others wait and take over."""
    run_role(app_settings(), "outbox", [outbox_role(app_settings())])


CLI_COMMAND = serve_group
