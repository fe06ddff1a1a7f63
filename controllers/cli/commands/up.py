"""``gitea-assistants up``: database, migrations and API, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Iterator

import click
import uvicorn

from blackboard.connectors.gitea.settings import get_gitea_settings
from blackboard.errors import BoardError
from blackboard.runtime import Board
from blackboard.settings import get_settings
from controllers.agents import team_service
from controllers.api.app import BackgroundService, create_app
from controllers.api.token import ensure_api_token
from controllers.cli.output import console
from controllers.outbox.rights import principals
from controllers.outbox.service import outbox_service
from controllers.telegram.service import TelegramService
from ingest.gitea.mirror.schedule import gitea_sync_service
from knowledge_sources.souls import load_souls


class _Server(uvicorn.Server):
    """uvicorn's server, minus re-raising SIGTERM/SIGINT after a graceful shutdown.

    uvicorn re-raises the signal it caught once it has stopped, which would kill the process
    before ``up`` reports a clean stop; the shutdown itself (the app's lifespan, which closes
    the board and stops the embedded database) has already run by then.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


@click.command("up")
@click.option("--host", default=None, help="Interface to listen on [default: GA_HOST or 127.0.0.1]")
@click.option("--port", default=None, type=int, help="Port [default: GA_PORT or 8000]")
@click.option(
    "--agents/--no-agents",
    default=True,
    show_default=True,
    help="Run the control loop and one worker per soul.",
)
def up_command(host: str | None, port: int | None, agents: bool) -> None:
    """Start the board and serve the API until interrupted; stops cleanly, nothing lost."""
    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    token, token_file = ensure_api_token(settings)
    where = (
        "the database at DATABASE_URL"
        if settings.database_url
        else (f"the embedded PostgreSQL in {settings.pgdata}")
    )
    with console.status(f"starting {where} and migrating..."):
        try:
            board = Board.open(settings)
        except BoardError as exc:
            raise click.ClickException(str(exc)) from exc
    console.print(f"[green]board ready[/] ({where})")
    if token_file is not None:
        console.print(f"API token: stored in {token_file} (send it as 'Authorization: Bearer ...')")
    else:
        console.print("API token: from GA_API_TOKEN")
    console.print(f"API on http://{host}:{port} (OpenAPI at /schema); Ctrl-C stops")

    services: list[BackgroundService] = []
    if agents:
        services.append(team_service)
    gitea_settings = get_gitea_settings()
    souls = load_souls()  # the principals whose rights the outbox checks
    telegram = TelegramService(board, souls, gitea_url=gitea_settings.url)
    services.append(lambda b: gitea_sync_service(b, gitea_settings))  # off unless configured
    services.append(lambda b: outbox_service(b, gitea_settings, bots=telegram, souls=souls))
    services.append(lambda _: telegram.running())  # one bot per soul whose token variable is set
    app = create_app(
        board=board,
        token=token,
        owns_board=True,
        services=services,
        principals=principals(souls),
    )
    server = _Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on"))
    asyncio.run(server.serve())
    console.print("stopped cleanly")


CLI_COMMAND = up_command
