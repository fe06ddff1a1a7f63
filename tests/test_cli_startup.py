"""The CLI starts quickly: ``--help`` of every command loads no model library, the root
``--help`` loads neither Litestar nor the ORM, and the command index matches the commands."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from controllers.cli.index import COMMANDS, PACKAGE, indexed_modules
from controllers.cli.plugin import discover_commands

MODEL_LIBRARIES = ("torch", "transformers", "outlines", "sentence_transformers", "llama_index")

PROBE = """
import contextlib, io, json, sys
loaded = lambda names: sorted(n for n in names if n in sys.modules)
import controllers.cli.main as main
found = {"import": loaded(NAMES)}
def run(*args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main.cli.main([*args, "--help"], prog_name="gitea-assistants", obj=main.cli_env())
run()
found["--help"] = loaded(NAMES + ("litestar", "sqlalchemy", "controllers.settings"))
for name in COMMANDS:
    run(name)
    found[name] = loaded(NAMES)
print(json.dumps(found))
"""


def _probe() -> dict[str, list[str]]:
    code = f"NAMES = {MODEL_LIBRARIES!r}\nCOMMANDS = {sorted(COMMANDS)!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    found: dict[str, list[str]] = json.loads(done.stdout)
    return found


def test_help_of_every_command_loads_no_model_library() -> None:
    found = _probe()
    assert found.pop("import") == []
    assert found.pop("--help") == [], "the root --help must not load Litestar, the ORM or settings"
    assert set(found) == set(COMMANDS)
    assert {name: libraries for name, libraries in found.items() if libraries} == {}


def test_the_index_matches_the_commands() -> None:
    commands = {str(command.name): command for command in discover_commands()}
    assert set(commands) == set(COMMANDS)
    for name, command in commands.items():
        assert COMMANDS[name].summary == command.get_short_help_str(limit=1000), name
        assert command.callback is not None
        assert command.callback.__module__ == f"{PACKAGE}.{COMMANDS[name].modules[0]}", name
    every_module = {f"{PACKAGE}.{module}" for module in indexed_modules()}
    defining = {
        subcommand.callback.__module__
        for command in commands.values()
        for subcommand in [command, *getattr(command, "commands", {}).values()]
        if subcommand.callback is not None and subcommand.callback.__module__.startswith(PACKAGE)
    }
    assert defining <= every_module
    assert isinstance(commands["bench"], click.Group)
