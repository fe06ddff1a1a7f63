"""Turning one verified webhook payload into board entries (issues, comments, pulls, push, wiki).

Unknown events and repositories outside the allowlist are acknowledged and ignored. Payload
content is data only. A pull request whose files/reviews cannot be fetched is stored from the
payload with a version the next sync will not trust, so the sync completes it.
"""

from __future__ import annotations

import logging
from typing import Any

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from ingest.gitea.mirror import mapping, uris
from ingest.gitea.mirror.apply import Applier
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.writer import BoardWriter

logger = logging.getLogger(__name__)
JSON = dict[str, Any]
HANDLED = ("issues", "issue_comment", "pull_request", "push", "wiki")


def normalize(event: str, event_type: str = "") -> str:
    """``X-Gitea-Event`` / ``X-Gitea-Event-Type`` -> the payload family this module handles.

    Gitea sends fine-grained types (``issue_label``, ``pull_request_review_approved``,
    ``pull_request_comment``...) whose payloads share the shapes of the coarse events.
    """
    names = [n for n in (event, event_type) if n]
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


async def apply_event(
    board: Board, api: GiteaAPI, settings: GiteaSettings, event: str, payload: JSON
) -> SyncReport:
    """Upsert what the event changed; returns the counts (empty for ignored events)."""
    report = SyncReport(mode=f"webhook:{event}")
    repo = payload.get("repository") or {}
    full = str(repo.get("full_name") or "")
    if event not in HANDLED or not full or not settings.allows(full):
        return report
    report.repos.append(full)
    writer = BoardWriter(board, report)
    await writer.load(uris.repo_url(settings.url, full))
    applier = Applier(api, writer, settings.url)
    repo_uri = uris.repo_url(settings.url, full)
    known = writer.known.get(repo_uri)
    if known is None:
        await applier.repo(repo, {})
    action = str(payload.get("action") or "")
    if event == "issues":
        await _issue(applier, full, payload["issue"], action)
    elif event == "issue_comment":
        await _comment(applier, full, payload, action)
    elif event == "pull_request":
        await _pull(applier, full, payload["pull_request"])
    elif event == "push":
        branch = str(payload.get("ref", "")).removeprefix("refs/heads/")
        if branch == repo.get("default_branch"):
            await applier.docs(full, branch)
    elif event == "wiki":
        page = str(payload.get("page") or "")
        if action == "deleted":
            await writer.gone(uris.wiki_url(settings.url, full, page))
        else:
            await applier.wiki(full, only=page)
    return report


async def _issue(applier: Applier, full: str, issue: JSON, action: str) -> None:
    uri = uris.issue_url(applier.base, full, issue["number"])
    if action == "deleted":
        await applier.writer.gone(uri)
        for comment in applier.writer.under(uri + "#", EntryKind.GITEA_COMMENT):
            await applier.writer.gone(comment)
        return
    await applier.issue(full, issue, with_comments=False)


async def _comment(applier: Applier, full: str, payload: JSON, action: str) -> None:
    issue, comment = payload["issue"], payload["comment"]
    pull = bool(payload.get("is_pull"))
    if action == "deleted":
        await applier.writer.gone(
            uris.comment_url(applier.base, full, issue["number"], comment["id"], pull)
        )
        return
    if pull and payload.get("pull_request"):
        await _pull(applier, full, payload["pull_request"])
    elif not pull:
        await applier.issue(full, issue, with_comments=False)
    await applier.comment(full, issue["number"], pull, comment)


async def _pull(applier: Applier, full: str, pull: JSON) -> None:
    try:
        await applier.pull(full, pull, with_comments=False)
    except GiteaError as exc:
        logger.warning("could not enrich pull %s#%s from the API: %s", full, pull["number"], exc)
        parent = applier.parent(uris.repo_url(applier.base, full))
        data = mapping.pull_entry(applier.base, full, pull, [], [], parent)
        data.source_version = f"{pull.get('updated_at')}|partial"
        await applier.writer.upsert(data)
