"""Running the board's Alembic migrations from code (``db upgrade``, ``up``, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(sqlalchemy_url: str) -> Config:
    """An Alembic config pointing at our migrations and ``sqlalchemy_url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", sqlalchemy_url.replace("%", "%%"))
    return cfg


def upgrade(sqlalchemy_url: str, revision: str = "head") -> None:
    """Migrate up to ``revision``."""
    command.upgrade(alembic_config(sqlalchemy_url), revision)


def downgrade(sqlalchemy_url: str, revision: str) -> None:
    """Migrate down to ``revision`` (``base`` removes every board table)."""
    command.downgrade(alembic_config(sqlalchemy_url), revision)


def current(sqlalchemy_url: str) -> str | None:
    """The revision the database is at, or ``None`` when it was never migrated."""
    from sqlalchemy import create_engine, pool, text
    from sqlalchemy.exc import ProgrammingError

    engine = create_engine(sqlalchemy_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            try:
                row = conn.execute(text("SELECT version_num FROM alembic_version")).fetchone()
            except ProgrammingError:
                return None
            return None if row is None else str(row[0])
    finally:
        engine.dispose()


def head() -> str | None:
    """The newest revision this program's migrations reach."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("")).get_current_head()
