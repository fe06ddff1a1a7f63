"""Typed SQLAlchemy models of the board; importing this package registers every table."""

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
]
