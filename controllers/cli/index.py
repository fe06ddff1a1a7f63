"""The index of our commands: each command's name, one-line summary and the modules that build it.

``gitea-assistants --help`` lists the commands from this index without importing them (each
command module pulls in its own libraries: the API app, the database, the models), and a command
runs after importing only its own modules. ``tests/test_cli_startup.py`` checks the index against
the commands themselves; a command module missing from it still works (the root group imports
it to list it), just slower.
"""

from __future__ import annotations

from dataclasses import dataclass

PACKAGE = "controllers.cli.commands"


@dataclass(frozen=True)
class IndexedCommand:
    """One command: its summary and the modules of ``PACKAGE`` that build it.

    The first module defines ``CLI_COMMAND``; the others add subcommands to it.
    """

    summary: str
    modules: tuple[str, ...]


COMMANDS: dict[str, IndexedCommand] = {
    "ask": IndexedCommand(
        "Ask the team a question; the researcher answers with a cited note.", ("ask",)
    ),
    "bench": IndexedCommand(
        "Benchmarks (run against a scratch database, never the board).",
        (
            "bench",
            "bench_control",
            "bench_edits",
            "bench_ingest",
            "bench_research",
            "bench_retrieval",
            "bench_scale",
            "bench_triage",
        ),
    ),
    "board": IndexedCommand("Show recent entries on the board.", ("board",)),
    "db": IndexedCommand(
        "Database schema migrations, and the database tool (inspect, query).", ("db", "db_tool")
    ),
    "gitea": IndexedCommand("Gitea administration for the platform.", ("gitea",)),
    "ingest": IndexedCommand(
        "Put local documents (ingest PATH...) or dependency docs (ingest deps) on the board.",
        ("ingest",),
    ),
    "k8s": IndexedCommand("Kubernetes manifests (deploy/k8s; see docs/deploy.md).", ("k8s",)),
    "litestar": IndexedCommand(
        "Litestar's own commands for the API app (run starts the API only, without the team).",
        ("litestar_group",),
    ),
    "post": IndexedCommand("Post a goal, question or other entry to the running board.", ("post",)),
    "search": IndexedCommand("Search the board (vectors + full text, fused).", ("search",)),
    "serve": IndexedCommand(
        "Run one part of the program against the PostgreSQL at DATABASE_URL ('up' runs all).",
        ("serve",),
    ),
    "sync": IndexedCommand(
        "Mirror the allowed Gitea repositories (GA_GITEA_ALLOW) onto the board.", ("sync",)
    ),
    "tasks": IndexedCommand(
        "List and steer the agents' tasks (the queues follow the board).", ("tasks",)
    ),
    "up": IndexedCommand(
        "Start the board and serve the API until interrupted; stops cleanly, nothing lost.",
        ("up",),
    ),
}


def indexed_modules() -> frozenset[str]:
    """Every module of ``PACKAGE`` the index names."""
    return frozenset(module for command in COMMANDS.values() for module in command.modules)
