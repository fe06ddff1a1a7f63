"""``gitea-assistants up``: database, migrations and API, until Ctrl-C or SIGTERM.

Ctrl-C stops the team (the running tasks are named and retried on the next ``up``), the API and
the database, then waits at most ``GA_SHUTDOWN_TIMEOUT_S`` for work left in threads (a model
generating) before the process ends. One ``up`` per data directory: a second one is refused.

While it serves, ``up`` keeps a record of its address, pid and whether the team runs beside the
API token (``controllers/cli/running.py``), so the other commands find it on any port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

import click
import uvicorn

from blackboard.errors import BoardError
from controllers.api.token import ensure_api_token
from controllers.cli.app import app_settings
from controllers.cli.output import console
from controllers.cli.patterns import check_team_patterns
from controllers.cli.running import (
    AlreadyRunningError,
    RunRecord,
    claim_data_dir,
    client_url,
    remove_record,
    write_record,
)
from controllers.cli.stopping import run_then_wait
from controllers.composition import open_board, serving_app
from controllers.settings import AppSettings


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
    settings = app_settings()
    if agents:
        check_team_patterns(settings)  # a bad prompt pattern stops here, before anything starts
    try:
        with claim_data_dir(settings.board):  # before the database, the team or Telegram
            _serve(settings, host, port, agents)
    except AlreadyRunningError as exc:
        raise click.ClickException(str(exc)) from None


def _serve(settings: AppSettings, host: str | None, port: int | None, agents: bool) -> None:
    """``up`` once it holds the data directory."""
    host = host or settings.board.host
    port = port or settings.board.port
    try:
        token, token_file = ensure_api_token(settings.board)
    except BoardError as exc:
        raise click.ClickException(str(exc)) from exc
    where = (
        "the database at DATABASE_URL"
        if settings.board.database_url
        else (f"the embedded PostgreSQL in {settings.board.pgdata}")
    )
    with console.status(f"starting {where} and migrating..."):
        try:
            board = open_board(settings)
        except BoardError as exc:
            raise click.ClickException(str(exc)) from exc
    console.print(f"[green]board ready[/] ({where})")
    if token_file is not None:
        console.print(f"API token: stored in {token_file} (send it as 'Authorization: Bearer ...')")
    else:
        console.print("API token: from GA_API_TOKEN")
    url = client_url(host, port)
    console.print(f"API on {url} (OpenAPI at /schema, web view at {url}/ui); Ctrl-C stops")
    if not agents:
        console.print("no agents: the board is served without the team (--no-agents)")

    app = serving_app(settings, board, token, agents=agents)
    server = _Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on"))
    pid = os.getpid()
    record = write_record(settings.board, RunRecord(url=url, pid=pid, agents=agents))
    console.print(f"address recorded in {record} (the other commands find this 'up' there)")
    bound = settings.board.shutdown_timeout_s
    try:
        left = run_then_wait(server.serve(), bound, console.print)
    finally:
        remove_record(settings.board, pid)
    if left:
        console.print(
            f"stopped after waiting {bound:g} s: {len(left)} thread(s) still busy are dropped; "
            "the interrupted task is retried on the next 'up'"
        )
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # the interpreter would wait for those threads without a limit
    console.print("stopped cleanly")


CLI_COMMAND = up_command
