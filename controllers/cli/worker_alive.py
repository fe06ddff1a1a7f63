"""``python -m controllers.cli.worker_alive --agent NAME``: the worker pods' liveness probe.

Exits 0 when a worker of the agent runs on this host (this pod) and keeps its registration
fresh on the agent's queue in ``DATABASE_URL`` (``controllers.control.liveness``), 1 when none
does (hung or gone: Kubernetes restarts the pod). When the database itself cannot be reached
it exits 0 and says so: restarting workers would not bring the database back. Light on purpose
(no app, no models): it runs every minute in each worker pod.
"""

from __future__ import annotations

import asyncio
import socket
import sys

import click

from blackboard.settings import BoardSettings
from controllers.control.liveness import live_workers


def libpq_uri(url: str) -> str:
    """``postgresql+psycopg://`` (a SQLAlchemy URL, accepted in ``DATABASE_URL``) -> libpq's
    ``postgresql://``; kept here rather than imported from ``blackboard.database``, whose
    imports take seconds the probe should not spend."""
    scheme, _, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}://{rest}"


@click.command()
@click.option("--agent", required=True, help="The soul whose workers this pod runs.")
def main(agent: str) -> None:
    """Exit 0 when a worker of AGENT is alive here (or the database is unreachable), else 1."""
    url = BoardSettings().database_url
    if url is None:
        raise click.ClickException("DATABASE_URL is not set: the probe needs the shared database")
    host = socket.gethostname()
    count = asyncio.run(live_workers(libpq_uri(url.get_secret_value()), agent, host))
    if count is None:
        click.echo("database unreachable: not judging the worker")
        return
    if count == 0:
        click.echo(f"no live worker of {agent!r} on {host}", err=True)
        sys.exit(1)
    click.echo(f"{count} live worker(s) of {agent!r} on {host}")


if __name__ == "__main__":
    main()
