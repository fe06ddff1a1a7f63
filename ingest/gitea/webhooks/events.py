"""Turning one verified webhook payload into board entries (issues, comments, pulls, push, wiki),
in two steps so a delivery is answered within Gitea's timeout whatever Gitea's API is doing.

``store_event`` writes what the payload itself holds, without calling Gitea: issues, comments,
labels, milestones, deletions, and a pull request from its payload with a version the next sync
will not trust. ``enrich_event`` runs afterwards (in the background) and fetches what the
payload lacks: a pull request's files and reviews, a pushed branch's documentation files, a
wiki page's content. What enrichment could not do, the periodic sync does.
Unknown events and repositories outside the allowlist are acknowledged and ignored. Payload
content is data only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from ingest.gitea.mirror import mapping, uris
from ingest.gitea.mirror.apply import Applier
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.versions import timestamp
from ingest.gitea.mirror.writer import BoardWriter
from ingest.gitea.webhooks.payloads import HANDLED, complete

logger = logging.getLogger(__name__)
JSON = dict[str, Any]
PARTIAL = "|partial"


@dataclass
class Stored:
    """What ``store_event`` wrote, and whether the event needs ``enrich_event`` afterwards."""

    report: SyncReport
    enrich: bool = False
    payload: JSON = field(default_factory=dict)


def _repo_of(settings: GiteaSettings, event: str, payload: JSON) -> str | None:
    repo = payload.get("repository") or {}
    full = str(repo.get("full_name") or "")
    if event not in HANDLED or not full or not settings.allows(full):
        return None
    return full


async def store_event(board: Board, settings: GiteaSettings, event: str, payload: JSON) -> Stored:
    """Upsert what the payload itself says changed (no Gitea API call)."""
    report = SyncReport(mode=f"webhook:{event}")
    full = _repo_of(settings, event, payload)
    if full is None:
        return Stored(report)
    payload = complete(event, payload)
    report.repos.append(full)
    writer = BoardWriter(board, report)
    repo_uri = uris.repo_url(settings.url, full)
    await writer.load(repo_uri)
    applier = Applier(None, writer, settings.url)
    if writer.known.get(repo_uri) is None:
        await applier.repo(payload.get("repository") or {}, {})
    action = str(payload.get("action") or "")
    enrich = False
    if event == "issues":
        sender = str((payload.get("sender") or {}).get("login") or "") or None
        await _issue(applier, full, payload["issue"], action, sender)
    elif event == "issue_comment":
        enrich = await _comment(applier, full, payload, action)
    elif event == "pull_request":
        await _partial_pull(applier, full, payload["pull_request"])
        enrich = True
    elif event == "push":
        enrich = _pushed_default_branch(payload) is not None
    elif event == "wiki":
        if action == "deleted":
            await writer.gone(uris.wiki_url(settings.url, full, str(payload.get("page") or "")))
        else:
            enrich = True
    return Stored(report, enrich, payload)


async def enrich_event(
    board: Board, api: GiteaAPI, settings: GiteaSettings, event: str, payload: JSON
) -> SyncReport:
    """Fetch from Gitea what a stored event's payload lacks (``payload`` as ``Stored`` has it)."""
    report = SyncReport(mode=f"webhook-enrich:{event}")
    full = _repo_of(settings, event, payload)
    if full is None:
        return report
    report.repos.append(full)
    writer = BoardWriter(board, report)
    await writer.load(uris.repo_url(settings.url, full))
    applier = Applier(api, writer, settings.url, settings.max_file_bytes)
    if event in ("pull_request", "issue_comment") and payload.get("pull_request"):
        await applier.pull(full, payload["pull_request"], with_comments=False)
    elif event == "push":
        branch = _pushed_default_branch(payload)
        if branch is not None:
            await applier.files(full, branch)
    elif event == "wiki":
        await applier.wiki(full, only=str(payload.get("page") or ""))
    return report


def _pushed_default_branch(payload: JSON) -> str | None:
    branch = str(payload.get("ref") or "").removeprefix("refs/heads/")
    default = (payload.get("repository") or {}).get("default_branch")
    return branch if branch and branch == default else None


async def _issue(applier: Applier, full: str, issue: JSON, action: str, sender: str | None) -> None:
    uri = uris.issue_url(applier.base, full, issue["number"])
    if action == "deleted":
        await applier.writer.gone(uri)
        for comment in applier.writer.under(uri + "#", EntryKind.GITEA_COMMENT):
            await applier.writer.gone(comment)
        return
    await applier.issue(full, issue, with_comments=False, by=sender)


async def _comment(applier: Applier, full: str, payload: JSON, action: str) -> bool:
    """The comment (and its issue, or its pull from the payload); ``True``: enrich the pull."""
    issue, comment = payload["issue"], payload["comment"]
    pull = bool(payload.get("is_pull"))
    if action == "deleted":
        await applier.writer.gone(
            uris.comment_url(applier.base, full, issue["number"], comment["id"], pull)
        )
        return False
    enrich = False
    if pull and payload.get("pull_request"):
        await _partial_pull(applier, full, payload["pull_request"])
        enrich = True
    elif not pull:
        await applier.issue(full, issue, with_comments=False)
    await applier.comment(full, issue["number"], pull, comment)
    return enrich


async def _partial_pull(applier: Applier, full: str, pull: JSON) -> None:
    """A pull request from its payload alone: the sync (or enrichment) completes it."""
    await applier.labels_and_milestone(full, pull)
    parent = applier.parent(uris.repo_url(applier.base, full))
    data = mapping.pull_entry(applier.base, full, pull, [], [], parent)
    known = applier.writer.known.get(data.source_uri or "")
    stored = known.source_version if known else None
    if (
        stored
        and not stored.endswith(PARTIAL)
        and timestamp(stored) == timestamp(pull.get("updated_at"))
    ):
        return  # the complete copy of this very version is already on the board
    data.source_version = f"{pull.get('updated_at')}{PARTIAL}"
    await applier.writer.upsert(data)
