"""``python -m controllers.cli.worker_alive --agent NAME``: the worker pods' liveness probe.

A SAQ worker refreshes its row in ``saq_stats`` every few seconds while its event loop runs;
the row expires a minute after the last refresh. The probe exits 0 when the agent's queue in
``DATABASE_URL`` has at least one live row, 1 when it has none (every worker of the agent is
hung or gone: Kubernetes restarts the pod). When the database itself cannot be reached it exits
0 and says so: restarting workers would not bring the database back. Light on purpose (no app,
no models): it runs every minute in each worker pod.
"""

from __future__ import annotations

import asyncio
import sys

import click
import psycopg
from psycopg_pool import AsyncConnectionPool
from saq.queue.postgres import PostgresQueue

from blackboard.settings import BoardSettings


def libpq_uri(url: str) -> str:
    """``postgresql+psycopg://`` (a SQLAlchemy URL, accepted in ``DATABASE_URL``) -> libpq's
    ``postgresql://``; kept here rather than imported from ``blackboard.database``, whose
    imports take seconds the probe should not spend."""
    scheme, _, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}://{rest}"


async def live_workers(uri: str, agent: str) -> int | None:
    """How many SAQ workers are registered, and not expired, on ``agent``'s queue (``None``:
    the database cannot be reached)."""
    try:
        async with await psycopg.AsyncConnection.connect(uri, connect_timeout=10):
            pass
    except psycopg.OperationalError:
        return None
    pool = AsyncConnectionPool(uri, kwargs={"autocommit": True}, open=False, min_size=1, max_size=1)
    await pool.open()
    queue = PostgresQueue(pool=pool, name=agent, min_size=1)
    try:
        await queue.connect()
        return len((await queue.info())["workers"])
    finally:
        await queue.disconnect()
        await pool.close()


@click.command()
@click.option("--agent", required=True, help="The soul whose workers this pod runs.")
def main(agent: str) -> None:
    """Exit 0 when a worker of AGENT is alive (or the database is unreachable), else 1."""
    url = BoardSettings().database_url
    if url is None:
        raise click.ClickException("DATABASE_URL is not set: the probe needs the shared database")
    count = asyncio.run(live_workers(libpq_uri(url.get_secret_value()), agent))
    if count is None:
        click.echo("database unreachable: not judging the worker")
        return
    if count == 0:
        click.echo(f"no live worker on queue {agent!r}", err=True)
        sys.exit(1)
    click.echo(f"{count} live worker(s) on queue {agent!r}")


if __name__ == "__main__":
    main()
