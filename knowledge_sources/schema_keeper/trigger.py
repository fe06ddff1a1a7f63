"""When the schema keeper works: a MERGED pull request that touches migrations, or a task
tagged ``schema``. Everything else its soul gets goes to the soul's next behaviour.

A migration is an ``*.sql`` file, or a file under a ``migrations`` folder, or under the
``versions`` folder of an ``alembic`` one (``blackboard/migrations/versions/0004_x.py``,
``alembic/versions/1a2b_add_orders.py``, ``app/migrations/0002_orders.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind

TASK_TAG = "schema"
KINDS = frozenset({EntryKind.GITEA_PULL, EntryKind.TASK})


def is_migration(path: str) -> bool:
    """Whether the repository file at ``path`` is a schema migration."""
    parts = path.lower().strip("/").split("/")
    folders = parts[:-1]
    if parts[-1].endswith(".sql"):
        return True
    return "migrations" in folders or ("versions" in folders and "alembic" in folders)


def migration_files(paths: Iterable[object]) -> list[str]:
    """The migrations among ``paths`` (non-strings ignored), in their order."""
    return [p for p in paths if isinstance(p, str) and is_migration(p)]


def touches_migrations(entry: Entry) -> bool:
    """A mirrored pull request whose changed files include a migration."""
    files = entry.meta.get("files") if isinstance(entry.meta, dict) else None
    return isinstance(files, list) and bool(migration_files(files))


def accepts(entry: Entry) -> bool:
    """A merged pull request touching migrations, or a task tagged ``schema``."""
    if entry.kind == EntryKind.GITEA_PULL:
        return bool(entry.meta.get("merged")) and touches_migrations(entry)
    return entry.kind == EntryKind.TASK and TASK_TAG in (entry.tags or [])
