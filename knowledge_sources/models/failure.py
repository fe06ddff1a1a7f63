"""Why a model's answer could not be used, in one line a person can act on.

``unusable_reason`` turns a ``ModelError`` into the sentence a task or a note records: no model
server reachable (with its address, credentials stripped), the model's output was malformed
(with the model's name), the configuration is wrong, or the server refused the request.
"""

from __future__ import annotations

from blackboard.redact_urls import redact_urls
from knowledge_sources.models.errors import (
    ModelConfigError,
    ModelError,
    ModelOutputError,
    ModelRequestError,
    ModelUnavailableError,
)

DETAIL_CHARS = 300


def unusable_reason(exc: ModelError, model: str) -> str:
    """What went wrong with ``model`` (``provider:name``), for the task and the note."""
    detail = redact_urls(str(exc))[:DETAIL_CHARS]
    if isinstance(exc, ModelUnavailableError):
        return f"no model server reachable for {model}: {detail}"
    if isinstance(exc, ModelOutputError):
        return f"the output of model {model} was malformed: {detail}"
    if isinstance(exc, ModelConfigError):
        return f"model {model} is not configured correctly: {detail}"
    if isinstance(exc, ModelRequestError):
        return f"the model server refused the request for {model}: {detail}"
    return f"model {model} gave no usable answer: {detail}"
