"""Console-script entry point: read the settings once, then run our click group.

The group is Litestar's CLI group class, so ``BoardCLIPlugin`` (a Litestar CLI plugin on the
CLI's app) adds our commands; Litestar's own commands sit apart under ``litestar``.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

import click
from litestar.cli._utils import LitestarExtensionGroup

from blackboard import redact_urls
from blackboard.cpu_sharing import share_cpu_with_the_model
from controllers.settings import SettingsError, load_settings

PACKAGE = "gitea-assistants"
HELP = """gitea-assistants: a team of AI agents on a PostgreSQL + pgvector blackboard.

Start with 'gitea-assistants up' (embedded database unless DATABASE_URL is set), then
'post', 'board' and 'search' talk to it. Settings come from GA_* environment variables.
"""


@click.group(
    PACKAGE,
    cls=LitestarExtensionGroup,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(
    version(PACKAGE), "--version", prog_name=PACKAGE, message="%(prog)s %(version)s"
)
def cli() -> None:
    """The root group; ``BoardCLIPlugin`` adds the commands."""


def main() -> None:
    """Run ``gitea-assistants``."""
    share_cpu_with_the_model()  # before anything loads PyTorch
    redact_urls.install()  # no URL credentials in any log line
    try:
        settings = load_settings()
    except SettingsError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    from controllers.cli.app import cli_env  # after the CPU sharing: it loads the whole app

    cli.main(prog_name=PACKAGE, obj=cli_env(settings))


if __name__ == "__main__":
    main()
