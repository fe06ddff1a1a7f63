"""Errors of the Gitea client, each saying what went wrong in words a person can act on.

No message ever contains the token: errors carry the operation, method, path and Gitea's own
message only.
"""

from __future__ import annotations


class GiteaError(Exception):
    """Base of everything the client raises on purpose."""

    def __init__(self, message: str, *, status: int | None = None, operation: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.operation = operation


class GiteaParameterError(GiteaError, ValueError):
    """The call does not fit the spec (unknown operation, missing or mistyped parameter)."""


class GiteaUnavailableError(GiteaError):
    """Gitea could not be reached (after retries)."""


class GiteaAuthError(GiteaError):
    """401: the token is missing, wrong or expired."""


class GiteaForbiddenError(GiteaError):
    """403: the token's user may not do this."""


class GiteaNotFoundError(GiteaError):
    """404: no such object, or it is hidden from the token's user."""


class GiteaConflictError(GiteaError):
    """409: the object already exists or changed meanwhile."""


class GiteaValidationError(GiteaError):
    """400/422: Gitea rejected the input."""


class GiteaRateLimitError(GiteaError):
    """429: too many requests (after waiting as told and retrying)."""


class GiteaServerError(GiteaError):
    """5xx (after retries)."""


class GiteaNotReadyError(GiteaError):
    """What an action needs is not there yet (a branch its commit action still pushes): retry."""


class WriteRefusedError(GiteaError):
    """A write the platform will not make: read-only mode, repo not allowed, protected branch."""


def error_for(status: int, message: str, operation: str) -> GiteaError:
    """The exception class that fits an HTTP status."""
    kinds: dict[int, type[GiteaError]] = {
        401: GiteaAuthError,
        403: GiteaForbiddenError,
        404: GiteaNotFoundError,
        409: GiteaConflictError,
        400: GiteaValidationError,
        422: GiteaValidationError,
        429: GiteaRateLimitError,
    }
    kind = kinds.get(status, GiteaServerError if status >= 500 else GiteaError)
    return kind(message, status=status, operation=operation)
