"""Alembic environment: runs the board's migrations on a sync psycopg connection."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine, pool

from blackboard.models import Base, register_all_tables

register_all_tables()
config = context.config
target_metadata = Base.metadata


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave SAQ's own ``saq_*`` tables (and anything else not ours) alone."""
    if type_ == "table" and name is not None and name.startswith("saq_"):
        return False
    return not (type_ == "table" and reflected and compare_to is None)


def run_migrations_online() -> None:
    """Migrate the database named by the ``sqlalchemy.url`` option."""
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = create_engine(
            config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool
        )
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connectable)


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
