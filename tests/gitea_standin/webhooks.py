"""Webhook deliveries of the stand-in: Gitea's payload shapes, HMAC signature, delivery headers.

Payload shapes follow ``modules/structs/hook.go``; signing follows ``services/webhook``:
``X-Gitea-Signature`` is the hex HMAC-SHA256 of the raw body keyed with the hook's secret.
Deliveries are recorded (tests replay them into the app) and, when the hook URL is reachable,
could be POSTed; the stand-in records only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from typing import Any

from tests.gitea_standin import render
from tests.gitea_standin.state import Comment, Issue, Repo, User

JSON = dict[str, Any]
EVENT_OF_TYPE = {
    "issues": "issues",
    "issue_comment": "issue_comment",
    "pull_request": "pull_request",
    "pull_request_comment": "issue_comment",
    "push": "push",
    "wiki": "wiki",
    "issue_label": "issues",
}


@dataclass(frozen=True)
class Delivery:
    """One webhook POST: where, headers, exact body bytes."""

    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> str:
        return self.headers["X-Gitea-Event"]


def sign(secret: str, body: bytes) -> str:
    """Gitea's ``X-Gitea-Signature``."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliveries_for(repo: Repo, event_type: str, payload: JSON) -> list[Delivery]:
    """A signed delivery for every active hook of ``repo`` subscribed to the event."""
    event = EVENT_OF_TYPE.get(event_type, event_type)
    body = json.dumps(payload).encode()
    out = []
    for hook in repo.hooks.values():
        wanted = set(hook.events) or {"push"}
        if not hook.active or not (wanted & {event, event_type, "*"}):
            continue
        delivery_id = str(uuid.uuid4())
        signature = sign(hook.secret, body) if hook.secret else ""
        headers = {
            "Content-Type": "application/json",
            "X-Gitea-Delivery": delivery_id,
            "X-Gitea-Event": event,
            "X-Gitea-Event-Type": event_type,
            "X-Gitea-Signature": signature,
            "X-Gogs-Delivery": delivery_id,
            "X-Gogs-Event": event,
            "X-Gogs-Signature": signature,
            "X-Hub-Signature-256": f"sha256={signature}",
        }
        out.append(Delivery(hook.url, headers, body))
    return out


def issue_payload(repo: Repo, issue: Issue, action: str, sender: User, base: str) -> JSON:
    return {
        "action": action,
        "number": issue.number,
        "issue": render.issue(repo, issue, base),
        "repository": render.repo(repo, base),
        "sender": render.user(sender, base),
        "commit_id": "",
    }


def comment_payload(
    repo: Repo, issue: Issue, comment: Comment, action: str, sender: User, base: str
) -> JSON:
    payload: JSON = {
        "action": action,
        "issue": render.issue(repo, issue, base),
        "comment": render.comment(repo, comment, base),
        "repository": render.repo(repo, base),
        "sender": render.user(sender, base),
        "is_pull": issue.pull is not None,
    }
    if issue.pull is not None:
        payload["pull_request"] = render.pull(repo, issue, base)
    return payload


def pull_payload(repo: Repo, issue: Issue, action: str, sender: User, base: str) -> JSON:
    return {
        "action": action,
        "number": issue.number,
        "pull_request": render.pull(repo, issue, base),
        "repository": render.repo(repo, base),
        "sender": render.user(sender, base),
        "commit_id": "",
    }


def push_payload(
    repo: Repo, ref: str, before: str, after: str, commits: list[JSON], pusher: User, base: str
) -> JSON:
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "compare_url": f"{base}/{repo.full_name}/compare/{before[:10]}...{after[:10]}",
        "commits": commits,
        "total_commits": len(commits),
        "head_commit": commits[-1] if commits else None,
        "repository": render.repo(repo, base),
        "pusher": render.user(pusher, base),
        "sender": render.user(pusher, base),
    }


def wiki_payload(repo: Repo, page: str, action: str, message: str, sender: User, base: str) -> JSON:
    return {
        "action": action,
        "repository": render.repo(repo, base),
        "sender": render.user(sender, base),
        "page": page,
        "comment": message,
    }
