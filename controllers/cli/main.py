"""Console-script entry point: Litestar's CLI group, pointed at our app factory."""

from __future__ import annotations

import os

from blackboard.cpu_sharing import share_cpu_with_the_model

APP_FACTORY = "controllers.api.app:create_app"
HELP = """gitea-assistants: a team of AI agents on a PostgreSQL + pgvector blackboard.

Start with 'gitea-assistants up' (embedded database unless DATABASE_URL is set), then
'post', 'board' and 'search' talk to it. Settings come from GA_* environment variables.
"""


def main() -> None:
    """Run ``gitea-assistants``; our commands come in through ``BoardCLIPlugin``."""
    os.environ.setdefault("LITESTAR_APP", APP_FACTORY)
    share_cpu_with_the_model()  # before anything loads PyTorch
    from litestar.cli.main import litestar_group

    litestar_group.help = HELP
    litestar_group(prog_name="gitea-assistants")


if __name__ == "__main__":
    main()
