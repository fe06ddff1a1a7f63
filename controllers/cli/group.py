"""The root click group: lists the commands from the index and imports a command only to run it.

Importing every command module for ``--help`` would load the API app, the ORM and the database
driver (seconds); the index (``index.py``) holds what ``--help`` shows. Modules of the commands
package that the index does not name are imported and listed too, so a new command works before
it is indexed.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import click

from controllers.cli.index import COMMANDS, PACKAGE, indexed_modules


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


def _unindexed_commands() -> dict[str, click.Command]:
    """``CLI_COMMAND`` of each command module the index does not name, by command name."""
    package = importlib.import_module(PACKAGE)
    found: dict[str, click.Command] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in indexed_modules():
            continue
        command = getattr(_module(info.name), "CLI_COMMAND", None)
        if isinstance(command, click.Command) and command.name:
            found[command.name] = command
    return found


def load_indexed(name: str) -> click.Command:
    """Import the modules of the indexed command ``name`` and return its command.

    Modules named ``<first module>_*`` that the index does not list yet are imported too: by
    this package's habit they add subcommands to the first module's group.
    """
    first, *extensions = COMMANDS[name].modules
    command = _module(first).CLI_COMMAND
    package = importlib.import_module(PACKAGE)
    unlisted = [
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.startswith(f"{first}_") and info.name not in indexed_modules()
    ]
    for extension in [*extensions, *unlisted]:  # they add subcommands to the group
        _module(extension)
    assert isinstance(command, click.Command)
    return command


class IndexedGroup(click.Group):
    """A group whose commands come from the index, imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *_unindexed_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            return load_indexed(cmd_name)
        return _unindexed_commands().get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        unindexed = _unindexed_commands()
        rows = [
            (
                name,
                click.Command(name, help=COMMANDS[name].summary).get_short_help_str(limit)
                if name in COMMANDS
                else unindexed[name].get_short_help_str(limit),
            )
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
