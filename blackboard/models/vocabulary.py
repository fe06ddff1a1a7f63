"""The fixed vocabularies of the board: entry kinds, link kinds, task and action states."""

from __future__ import annotations

from enum import StrEnum


class EntryKind(StrEnum):
    """What an entry on the board is."""

    GOAL = "goal"
    QUESTION = "question"
    TASK = "task"
    OPEN_PROBLEM = "open_problem"
    RESEARCH_NOTE = "research_note"
    CONTRIBUTION = "contribution"
    DOCUMENT = "document"
    DEPENDENCY_DOC = "dependency_doc"
    GITEA_REPO = "gitea_repo"
    GITEA_ISSUE = "gitea_issue"
    GITEA_PULL = "gitea_pull"
    GITEA_COMMENT = "gitea_comment"
    GITEA_WIKI_PAGE = "gitea_wiki_page"
    GITEA_FILE = "gitea_file"
    GITEA_LABEL = "gitea_label"
    GITEA_MILESTONE = "gitea_milestone"
    CHAT_MESSAGE = "chat_message"


class EntryStatus(StrEnum):
    """Life cycle of an entry."""

    OPEN = "open"
    ACTIVE = "active"
    DONE = "done"
    CLOSED = "closed"
    GONE = "gone"


class LinkKind(StrEnum):
    """How one entry relates to another."""

    CITES = "cites"
    ANSWERS = "answers"
    REFINES = "refines"
    DUPLICATES = "duplicates"
    BLOCKS = "blocks"
    DERIVED_FROM = "derived_from"
    ASSIGNED_TO = "assigned_to"


class TaskStatus(StrEnum):
    """Life cycle of an activation record."""

    PENDING = "pending"
    QUEUED = "queued"
    ACTIVE = "active"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ActionStatus(StrEnum):
    """Life cycle of an outbox action."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    FAILED = "failed"
    REFUSED = "refused"
