"""Webhook payloads as real Gitea versions send them -> the shapes the mirror maps.

Versions differ from the spec's happy path: empty lists arrive as ``null`` (``labels``,
``assignees``, ``requested_reviewers``), older versions leave fields out (a pull request object
without ``id`` or ``number``, the number only at the top level; no ``is_pull``), review events
carry ``review`` and ``requested_reviewer``, and the event name comes in ``X-Gitea-Event`` with
the detail in ``X-Gitea-Event-Type`` (``pull_request_label``, ``pull_request_sync``,
``pull_request_review_approved``...). Nothing here calls Gitea.
"""

from __future__ import annotations

import copy
from typing import Any

JSON = dict[str, Any]
HANDLED = ("issues", "issue_comment", "pull_request", "push", "wiki")
LISTS = ("labels", "assignees", "requested_reviewers")
REVIEW_EVENTS = ("pull_request_approved", "pull_request_rejected")


class PayloadError(ValueError):
    """A payload without what even the oldest Gitea sends (an issue number, a comment id)."""


def family(event: str, event_type: str = "", payload: JSON | None = None) -> str:
    """``X-Gitea-Event`` / ``X-Gitea-Event-Type`` -> the payload family this package handles.

    Gitea sends fine-grained types whose payloads share the shapes of the coarse events. Review
    events are pull request payloads, even the review comment, whose ``X-Gitea-Event`` is
    ``pull_request_comment`` like an ordinary comment's type: its ``review`` tells them apart.
    """
    names = [n for n in (event, event_type) if n]
    review = payload is not None and "review" in payload and "comment" not in payload
    if review or any(n.startswith("pull_request_review") or n in REVIEW_EVENTS for n in names):
        return "pull_request"
    if any(n in ("issue_comment", "pull_request_comment") for n in names):
        return "issue_comment"
    for name in names:
        if name in HANDLED:
            return name
        if name.startswith("issue"):
            return "issues"
        if name.startswith("pull_request"):
            return "pull_request"
    return names[0] if names else ""


def complete(kind: str, payload: JSON) -> JSON:
    """A copy of ``payload`` with what older or terser Gitea versions leave out filled in."""
    out = copy.deepcopy(payload)
    number = out.get("number")
    if kind == "issues":
        out["issue"] = _issue_like(out.get("issue"), number, "issue")
    elif kind == "issue_comment":
        out["issue"] = _issue_like(out.get("issue"), number, "issue")
        comment = out.get("comment")
        if not isinstance(comment, dict) or comment.get("id") is None:
            raise PayloadError("an issue_comment payload without a comment id")
        if out.get("is_pull") is None:
            out["is_pull"] = bool(out["issue"].get("pull_request") or out.get("pull_request"))
        if isinstance(out.get("pull_request"), dict):
            out["pull_request"] = _issue_like(
                out["pull_request"], out["issue"]["number"], "pull request"
            )
    elif kind == "pull_request":
        out["pull_request"] = _issue_like(out.get("pull_request"), number, "pull request")
    return out


def _issue_like(value: Any, number: Any, what: str) -> JSON:
    """An issue or pull request object: its number (from the top level if it has none) and
    every list field a list."""
    obj: JSON = dict(value) if isinstance(value, dict) else {}
    if obj.get("number") is None:
        obj["number"] = number if number is not None else obj.get("index")
    if not isinstance(obj.get("number"), int):
        raise PayloadError(f"a {what} without a number")
    for name in LISTS:
        if not isinstance(obj.get(name), list):
            obj[name] = []
    obj["labels"] = [lab for lab in obj["labels"] if isinstance(lab, dict) and lab.get("id")]
    obj["assignees"] = [a for a in obj["assignees"] if isinstance(a, dict)]
    return obj
