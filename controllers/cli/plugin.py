"""The Litestar CLI plugin that adds gitea-assistants' commands to Litestar's own CLI run on the
CLI's app (``APP_FACTORY``); ``discover_commands`` finds them.

Every module in ``controllers.cli.commands`` that defines ``CLI_COMMAND`` (a click command or
group) is added. ``gitea-assistants`` itself lists them from ``controllers.cli.index`` instead,
without importing them (``tests/test_cli_startup.py`` keeps the two in step).
"""

from __future__ import annotations

import importlib
import pkgutil

import click
from click import Group
from litestar.plugins import CLIPluginProtocol

import controllers.cli.commands as commands_package


def discover_commands() -> list[click.Command]:
    """The ``CLI_COMMAND`` of every module in the commands package, sorted by name."""
    found: list[click.Command] = []
    for info in sorted(pkgutil.iter_modules(commands_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands_package.__name__}.{info.name}")
        command = getattr(module, "CLI_COMMAND", None)
        if isinstance(command, click.Command):
            found.append(command)
    return found


class BoardCLIPlugin(CLIPluginProtocol):
    """Adds up, post, board, search, db, bench and whatever else lives in the commands package."""

    def on_cli_init(self, cli: Group) -> None:
        for command in discover_commands():
            cli.add_command(command)
