"""advanced-alchemy repositories, one per board table."""

from __future__ import annotations

from advanced_alchemy.repository import SQLAlchemyAsyncRepository

from blackboard.models import Action, AuditRecord, Entry, Link, Task


class EntryRepository(SQLAlchemyAsyncRepository[Entry]):
    """Entries."""

    model_type = Entry


class LinkRepository(SQLAlchemyAsyncRepository[Link]):
    """Links."""

    model_type = Link


class TaskRepository(SQLAlchemyAsyncRepository[Task]):
    """Tasks."""

    model_type = Task


class ActionRepository(SQLAlchemyAsyncRepository[Action]):
    """Outbox actions."""

    model_type = Action


class AuditRepository(SQLAlchemyAsyncRepository[AuditRecord]):
    """Audit trail."""

    model_type = AuditRecord
