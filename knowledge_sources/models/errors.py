"""Errors of the model layer, split by what the caller should do about them.

- ``ModelUnavailableError``: the model could not be reached or is busy (connection refused,
  timeout, HTTP 5xx/429, model not loaded). Transient: retry the task later; nothing is lost.
- ``ModelOutputError``: the model answered, but not in the shape asked for (not one of the
  choices, JSON that does not match the schema). Retrying with the same prompt may help once.
- ``ModelConfigError``: the configuration is wrong (unknown provider, missing URL or package).
  Retrying will not help until a person fixes the configuration.
- ``ModelRequestError``: the server refused the request itself (HTTP 4xx other than 404/429).
"""

from __future__ import annotations


class ModelError(Exception):
    """Base of every error the model layer raises on purpose."""


class ModelUnavailableError(ModelError):
    """The model server is unreachable, overloaded or answered with a server error."""


class ModelOutputError(ModelError):
    """The model's answer does not have the shape that was asked for."""

    def __init__(self, message: str, raw: str = "") -> None:
        super().__init__(message)
        self.raw = raw
        """The text the model produced (for logs and debugging; may be long)."""


class ModelConfigError(ModelError):
    """The model configuration is invalid or names something that is not installed."""


class ModelRequestError(ModelError):
    """The server rejected the request (a client error: bad parameters, unknown field)."""
