"""Errors of the board that callers can show to a person as they are."""

from __future__ import annotations


class BoardError(Exception):
    """Base of every error the board raises on purpose."""


class DatabaseUnavailableError(BoardError):
    """The database could not be reached or started."""


class VectorExtensionMissingError(BoardError):
    """The configured PostgreSQL lacks pgvector."""


class NotFoundError(BoardError):
    """No such row."""


class ConflictError(BoardError):
    """A write lost an optimistic-locking race or broke a uniqueness rule."""
