"""``gitea-assistants litestar ...``: Litestar's own commands for the API app, kept apart.

``info``, ``routes``, ``schema``, ``sessions``, ``version`` and ``run``; ``run`` serves the API
and the web view only (no team, no Gitea sync, no Telegram bots) and says so when it starts.
Litestar's CLI is imported only when this group lists or runs its commands.
"""

from __future__ import annotations

from typing import Any

import click

RUN_NOTICE = (
    "litestar run serves the API and the web view only: no team, no Gitea sync, no Telegram "
    "bots. 'gitea-assistants up' runs them all."
)


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


class LitestarCommands(click.Group):
    """A group that takes Litestar's commands from Litestar's CLI the first time it is used."""

    def _load(self) -> None:
        if self.commands:
            return
        from litestar.cli import litestar_group as litestar_root

        for name, command in sorted(litestar_root.commands.items()):
            self.add_command(_announcing(command) if name == "run" else command, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, cmd_name)


@click.group("litestar", cls=LitestarCommands)
def litestar_group() -> None:
    """Litestar's own commands for the API app (run starts the API only, without the team)."""


CLI_COMMAND = litestar_group
