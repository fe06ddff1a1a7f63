"""Errors of ingest that a person can read as they are."""

from __future__ import annotations

from blackboard.errors import BoardError


class IngestError(BoardError):
    """Base of every error ingest raises on purpose."""


class PathNotFoundError(IngestError):
    """A path given to ingest does not exist."""
