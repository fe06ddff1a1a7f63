"""``Mirror``: full and incremental syncs of the allowed Gitea repositories onto the board.

Per owner an incremental sync costs one repository listing and one issue search (``since`` the
last change seen), plus one wiki listing per repository; only what changed is fetched further:
issues and pulls whose ``updated_at`` moved (with their comments, reviews and changed files),
wiki pages whose last commit moved, repository files whose blob changed (checked only when the
repository's ``updated_at`` moved, which Gitea bumps on every push). A full sync lists everything
and marks what vanished as ``gone``. A sync that turns out large (a first sync of a big
organisation) drops the vector index on the way and builds it once at the end
(``blackboard.search.growing_load``). Each repository entry keeps the sync state in
``meta["sync"]``: ``repo_updated``, ``head``, the search ``cursor`` (Gitea's clock) and
``binary`` (path -> blob sha of files found binary by reading them, not read again).
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.runtime import Board
from blackboard.search.growing_load import growing_load
from blackboard.search.vector_index import BuildProgress
from ingest.gitea.mirror import mapping, uris
from ingest.gitea.mirror.apply import Applier
from ingest.gitea.mirror.report import SyncReport
from ingest.gitea.mirror.writer import BoardWriter

logger = logging.getLogger(__name__)
JSON = dict[str, Any]


class Mirror:
    """Syncs the allowlisted repositories of one Gitea onto one board."""

    def __init__(
        self,
        board: Board,
        api: GiteaAPI,
        settings: GiteaSettings,
        progress: Callable[[str], None] | None = None,
        index_progress: BuildProgress | None = None,
    ) -> None:
        self.board = board
        self.api = api
        self.settings = settings
        self.progress = progress or (lambda message: None)
        self.index_progress = index_progress

    async def run(self, *, repo: str | None = None, full: bool = False) -> SyncReport:
        """Sync every allowed repository (or only ``repo``, ``owner/name``)."""
        if repo is not None and not self.settings.allows(repo):
            raise ValueError(f"{repo} is not in the allowlist (GA_GITEA_ALLOW)")
        report = SyncReport(mode="full" if full else "incremental")
        started, sent = time.monotonic(), self.api.client.request_count
        async with growing_load(
            self.board.engine, self.board.settings, self.index_progress
        ) as watch:
            writer = BoardWriter(self.board, report, watch.wrote)
            applier = Applier(self.api, writer, self.settings.url, self.settings.max_file_bytes)
            owners = [repo.split("/", 1)[0]] if repo else self.settings.owners
            for owner in owners:
                await self._owner(applier, owner, repo, full)
        if watch.dropped:
            report.index_dropped_after = watch.added
            report.index_build_seconds = watch.build_seconds
        report.requests = self.api.client.request_count - sent
        report.seconds = time.monotonic() - started
        return report

    async def _owner(self, applier: Applier, owner: str, only: str | None, full: bool) -> None:
        repos = [
            r
            async for r in self.api.owner_repos(owner)
            if self.settings.allows(r["full_name"])
            and (only is None or r["full_name"].lower() == only.lower())
        ]
        cursor = _iso(self.api.client.last_date)
        states: dict[str, JSON | None] = {}
        for r in repos:
            uri = uris.repo_url(self.settings.url, r["full_name"])
            await applier.writer.load(uri)
            known = applier.writer.known.get(uri)
            states[r["full_name"]] = (known.meta.get("sync") if known else None) or None
        incremental = [r["full_name"] for r in repos if not full and states[r["full_name"]]]
        changed: dict[str, list[JSON]] = defaultdict(list)
        if incremental:
            since = min(str((states[f] or {}).get("cursor") or "") for f in incremental) or None
            async for item in self.api.search_issues(owner, since=since):
                name = (item.get("repository") or {}).get("full_name", "")
                if name in incremental:
                    changed[name].append(item)
        for r in repos:
            applier.writer.report.repos.append(r["full_name"])
            self.progress(f"syncing {r['full_name']}")
            await self._repo(
                applier, r, states[r["full_name"]], full, changed[r["full_name"]], cursor
            )

    async def _repo(
        self,
        applier: Applier,
        repo: JSON,
        state: JSON | None,
        full: bool,
        changed: list[JSON],
        cursor: str | None,
    ) -> None:
        name = repo["full_name"]
        previous = dict(state or {})
        full = full or state is None
        report = applier.writer.report
        writes_before = report.writes
        if state is None:
            await applier.repo(repo, previous)
        if full:
            await self._everything(applier, repo)
        else:
            for item in changed:
                await self._changed_issue(applier, name, item)
        if repo.get("has_wiki", True):
            await applier.wiki(name)
        new_state = dict(previous)
        moved = full or previous.get("repo_updated") != repo.get("updated_at")
        if moved and not repo.get("empty"):
            new_state["head"], new_state["binary"] = await applier.files(
                name, repo["default_branch"]
            )
        new_state["repo_updated"] = repo.get("updated_at")
        if full or report.writes > writes_before or not previous.get("cursor"):
            new_state["cursor"] = cursor
        await applier.repo(repo, new_state, force=True)

    async def _everything(self, applier: Applier, repo: JSON) -> None:
        name = repo["full_name"]
        owner, short = name.split("/", 1)
        base = self.settings.url
        writer = applier.writer
        repo_uri = uris.repo_url(base, name)
        parent = applier.parent(repo_uri)
        seen: set[str] = set()
        for label in await self.api.labels(owner, short):
            seen.add(await _uri(writer, mapping.label_entry(base, name, label, parent)))
        for milestone in await self.api.milestones(owner, short):
            seen.add(await _uri(writer, mapping.milestone_entry(base, name, milestone, parent)))
        pulls = {p["number"]: p for p in await self.api.pulls(owner, short)}
        async for item in self.api.issues(owner, short):
            is_pull = item.get("pull_request") is not None
            if is_pull:
                pull = pulls.get(item["number"]) or await self.api.pull(
                    owner, short, item["number"]
                )
                await applier.pull(name, pull)
            else:
                await applier.issue(name, item)
            seen.add(uris.issue_url(base, name, item["number"], is_pull))
        for kind in (
            EntryKind.GITEA_LABEL,
            EntryKind.GITEA_MILESTONE,
            EntryKind.GITEA_ISSUE,
            EntryKind.GITEA_PULL,
        ):
            for uri in set(writer.under(repo_uri + "/", kind)) - seen:
                await writer.gone(uri)
                for comment in writer.under(uri + "#", EntryKind.GITEA_COMMENT):
                    await writer.gone(comment)

    async def _changed_issue(self, applier: Applier, name: str, item: JSON) -> None:
        owner, short = name.split("/", 1)
        is_pull = item.get("pull_request") is not None
        uri = uris.issue_url(self.settings.url, name, item["number"], is_pull)
        known = applier.writer.known.get(uri)
        stamp = str(item.get("updated_at"))
        stored = str(known.source_version or "") if known else ""
        if (
            known
            and known.status != EntryStatus.GONE
            and stored.split("|")[0] == stamp
            and not stored.endswith("|partial")
        ):
            return
        if is_pull:
            await applier.pull(name, await self.api.pull(owner, short, item["number"]))
        else:
            await applier.issue(name, item)


async def _uri(writer: BoardWriter, data: Any) -> str:
    await writer.upsert(data)
    return str(data.source_uri)


def _iso(date_header: str | None) -> str | None:
    """RFC 1123 ``Date`` -> RFC 3339 (Gitea's clock, for ``since``)."""
    if not date_header:
        return None
    return email.utils.parsedate_to_datetime(date_header).strftime("%Y-%m-%dT%H:%M:%SZ")
