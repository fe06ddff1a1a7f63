"""``gitea-assistants litestar ...``: Litestar's own commands for the API app, kept apart.

``info``, ``routes``, ``schema``, ``sessions``, ``version`` and ``run``; ``run`` serves the API
and the web view only (no team, no Gitea sync, no Telegram bots) and says so when it starts.
"""

from __future__ import annotations

from typing import Any

import click
from litestar.cli import litestar_group as litestar_root

RUN_NOTICE = (
    "litestar run serves the API and the web view only: no team, no Gitea sync, no Telegram "
    "bots. 'gitea-assistants up' runs them all."
)


@click.group("litestar")
def litestar_group() -> None:
    """Litestar's own commands for the API app (run starts the API only, without the team)."""


def _announcing(run: click.Command) -> click.Command:
    """``run`` that first says what it leaves out."""
    serve = run.callback
    assert serve is not None

    def announce_then_serve(*args: Any, **kwargs: Any) -> Any:
        click.echo(RUN_NOTICE, err=True)
        return serve(*args, **kwargs)

    return click.Command(
        "run",
        params=run.params,
        callback=announce_then_serve,
        help=f"Serve the API app with uvicorn, without the team. {RUN_NOTICE}",
        short_help="Serve the API only (no team, no Gitea sync, no bots).",
    )


for _name, _command in sorted(litestar_root.commands.items()):
    litestar_group.add_command(_announcing(_command) if _name == "run" else _command, _name)

CLI_COMMAND = litestar_group
