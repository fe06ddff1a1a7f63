"""Console-script entry point: run our click group on a context that reads the settings once.

The group (``IndexedGroup``) lists our commands from their index and imports a command only to
run it, so ``--help`` loads neither the API app nor a model nor the settings; Litestar's own
commands sit apart under ``litestar``. A bad setting stops any command with exit status 2.
"""

from __future__ import annotations

import click

from blackboard import redact_urls
from blackboard.cpu_sharing import share_cpu_with_the_model
from controllers.cli.app import cli_env
from controllers.cli.group import IndexedGroup

PACKAGE = "gitea-assistants"
HELP = """gitea-assistants: a team of AI agents on a PostgreSQL + pgvector blackboard.

Start with 'gitea-assistants up' (embedded database unless DATABASE_URL is set), then
'post', 'board' and 'search' talk to it. Settings come from GA_* environment variables.
"""


@click.group(
    PACKAGE,
    cls=IndexedGroup,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name=PACKAGE, prog_name=PACKAGE, message="%(prog)s %(version)s")
def cli() -> None:
    """The root group; its commands come from ``controllers.cli.index``."""


def main() -> None:
    """Run ``gitea-assistants``."""
    share_cpu_with_the_model()  # before anything loads PyTorch
    redact_urls.install()  # no URL credentials in any log line
    cli.main(prog_name=PACKAGE, obj=cli_env())


if __name__ == "__main__":
    main()
