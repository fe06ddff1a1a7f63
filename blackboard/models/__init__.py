"""Typed SQLAlchemy models of the board.

Taking any model from this package (``from blackboard.models import Entry``) imports every model,
so every table is registered together, as before. The package itself imports no ORM: a module
that needs only the board's words (``blackboard.models.vocabulary``, plain enums) stays light,
which keeps the CLI's start-up short.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blackboard.models.action import Action
    from blackboard.models.audit import AuditRecord
    from blackboard.models.base import Base
    from blackboard.models.chunk import Chunk
    from blackboard.models.entry import Entry
    from blackboard.models.event import BoardEvent
    from blackboard.models.link import Link
    from blackboard.models.state import BoardState
    from blackboard.models.task import Task
    from blackboard.models.web_session import WebSession

_MODULES = {
    "Action": "action",
    "AuditRecord": "audit",
    "Base": "base",
    "BoardEvent": "event",
    "BoardState": "state",
    "Chunk": "chunk",
    "Entry": "entry",
    "Link": "link",
    "Task": "task",
    "WebSession": "web_session",
}

__all__ = [
    "Action",
    "AuditRecord",
    "Base",
    "BoardEvent",
    "BoardState",
    "Chunk",
    "Entry",
    "Link",
    "Task",
    "WebSession",
    "register_all_tables",
]


def register_all_tables() -> None:
    """Import every model module, so ``Base.metadata`` holds every table."""
    for module in _MODULES.values():
        importlib.import_module(f"{__name__}.{module}")


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    register_all_tables()
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
