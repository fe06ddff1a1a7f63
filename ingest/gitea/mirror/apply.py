"""Putting one Gitea object (and what hangs off it) on the board; shared by sync and webhooks."""

from __future__ import annotations

from typing import Any

from blackboard.connectors.gitea.api import GiteaAPI, decode_b64
from blackboard.models.vocabulary import EntryKind, EntryStatus
from ingest.gitea.mirror import mapping, uris
from ingest.gitea.mirror.docs import is_doc
from ingest.gitea.mirror.writer import BoardWriter

JSON = dict[str, Any]


class Applier:
    """Mirrors objects of one Gitea (``base``) through one writer."""

    def __init__(self, api: GiteaAPI, writer: BoardWriter, base: str) -> None:
        self.api = api
        self.writer = writer
        self.base = base

    def parent(self, uri: str) -> int | None:
        known = self.writer.known.get(uri)
        return known.id if known else None

    async def repo(self, repo: JSON, sync_state: JSON, *, force: bool = False) -> int:
        return await self.writer.upsert(
            mapping.repo_entry(self.base, repo, sync_state), force=force
        )

    async def labels_and_milestone(self, full: str, issue: JSON) -> None:
        """Labels and the milestone an issue carries (full objects in Gitea's JSON)."""
        parent = self.parent(uris.repo_url(self.base, full))
        for label in issue.get("labels") or []:
            await self.writer.upsert(mapping.label_entry(self.base, full, label, parent))
        if issue.get("milestone"):
            await self.writer.upsert(
                mapping.milestone_entry(self.base, full, issue["milestone"], parent)
            )

    async def issue(self, full: str, issue: JSON, *, with_comments: bool = True) -> int:
        """An issue, its labels/milestone and (if it has any) its comments."""
        await self.labels_and_milestone(full, issue)
        parent = self.parent(uris.repo_url(self.base, full))
        entry_id = await self.writer.upsert(mapping.issue_entry(self.base, full, issue, parent))
        if with_comments:
            await self.comments(full, issue["number"], pull=False, count=issue.get("comments", 0))
        return entry_id

    async def pull(self, full: str, pull: JSON, *, with_comments: bool = True) -> int:
        """A pull request with its changed files, reviews and comments."""
        owner, name = full.split("/", 1)
        number = pull["number"]
        files = await self.api.pull_files(owner, name, number)
        reviews = await self.api.reviews(owner, name, number)
        await self.labels_and_milestone(full, pull)
        parent = self.parent(uris.repo_url(self.base, full))
        entry_id = await self.writer.upsert(
            mapping.pull_entry(self.base, full, pull, files, reviews, parent)
        )
        if with_comments:
            await self.comments(full, number, pull=True, count=pull.get("comments", 0))
        return entry_id

    async def comments(self, full: str, number: int, *, pull: bool, count: int) -> None:
        """All comments of one issue/pull; stored ones that vanished become ``gone``."""
        issue_uri = uris.issue_url(self.base, full, number, pull)
        stored = self.writer.under(issue_uri + "#", EntryKind.GITEA_COMMENT)
        if not count and not stored:
            return
        owner, name = full.split("/", 1)
        seen = set()
        for comment in await self.api.comments(owner, name, number):
            data = mapping.comment_entry(
                self.base, full, number, pull, comment, self.parent(issue_uri)
            )
            await self.writer.upsert(data)
            seen.add(data.source_uri)
        for uri in set(stored) - seen:
            await self.writer.gone(uri)

    async def comment(self, full: str, number: int, pull: bool, comment: JSON) -> int:
        issue_uri = uris.issue_url(self.base, full, number, pull)
        return await self.writer.upsert(
            mapping.comment_entry(self.base, full, number, pull, comment, self.parent(issue_uri))
        )

    async def wiki(self, full: str, *, only: str | None = None) -> None:
        """Wiki pages whose last commit changed; pages that vanished become ``gone``."""
        owner, name = full.split("/", 1)
        prefix = uris.repo_url(self.base, full) + "/wiki/"
        stored = self.writer.under(prefix, EntryKind.GITEA_WIKI_PAGE)
        seen = set()
        for meta in await self.api.wiki_pages(owner, name):
            page = meta.get("sub_url") or meta.get("title") or ""
            uri = uris.wiki_url(self.base, full, page)
            seen.add(uri)
            if only is not None and page != only:
                continue
            sha = (meta.get("last_commit") or {}).get("sha") or ""
            known = self.writer.known.get(uri)
            if known and known.source_version == sha and known.status != EntryStatus.GONE:
                self.writer.report.unchanged[EntryKind.GITEA_WIKI_PAGE] += 1
                continue
            data = await self.api.wiki_page(owner, name, page)
            await self.writer.upsert(
                mapping.wiki_entry(
                    self.base,
                    full,
                    page,
                    data.get("title") or page,
                    decode_b64(data.get("content_base64")),
                    sha,
                    self.parent(uris.repo_url(self.base, full)),
                )
            )
        for uri in set(stored) - seen:
            await self.writer.gone(uri)

    async def docs(self, full: str, branch: str) -> str | None:
        """Documentation files of ``branch``; returns the head commit sha (None if empty)."""
        owner, name = full.split("/", 1)
        head = ((await self.api.branch(owner, name, branch)).get("commit") or {}).get("id")
        if not head:
            return None
        prefix = uris.repo_url(self.base, full) + "/src/branch/"
        stored = self.writer.under(prefix, EntryKind.GITEA_FILE)
        seen = set()
        for item in await self.api.tree(owner, name, head):
            path = item.get("path") or ""
            if item.get("type") != "blob" or not is_doc(path, item.get("size") or 0):
                continue
            uri = uris.file_url(self.base, full, branch, path)
            seen.add(uri)
            known = self.writer.known.get(uri)
            if (
                known
                and known.source_version == item.get("sha")
                and known.status != EntryStatus.GONE
            ):
                self.writer.report.unchanged[EntryKind.GITEA_FILE] += 1
                continue
            text = await self.api.raw_file(owner, name, path, ref=head)
            await self.writer.upsert(
                mapping.file_entry(
                    self.base,
                    full,
                    branch,
                    path,
                    text,
                    item.get("sha") or "",
                    self.parent(uris.repo_url(self.base, full)),
                )
            )
        for uri in set(stored) - seen:
            await self.writer.gone(uri)
        return str(head)
