"""Putting one Gitea object (and what hangs off it) on the board; shared by sync and webhooks."""

from __future__ import annotations

from typing import Any

from blackboard.connectors.gitea.api import GiteaAPI, decode_b64
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models.vocabulary import EntryKind, EntryStatus
from ingest.gitea.mirror import files, mapping, uris
from ingest.gitea.mirror.feedback import record_label_feedback
from ingest.gitea.mirror.writer import BoardWriter

JSON = dict[str, Any]
DEFAULT_MAX_FILE_BYTES = GiteaSettings.model_fields["max_file_bytes"].default


class Applier:
    """Mirrors objects of one Gitea (``base``) through one writer.

    Without an ``api`` (a webhook delivery being stored) only what needs no API call works:
    repositories, issues, single comments, labels and milestones."""

    def __init__(
        self,
        api: GiteaAPI | None,
        writer: BoardWriter,
        base: str,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> None:
        self._api = api
        self.writer = writer
        self.base = base
        self.max_file_bytes = max_file_bytes

    @property
    def api(self) -> GiteaAPI:
        """The Gitea API (only for what the payload alone cannot tell)."""
        if self._api is None:
            raise RuntimeError("this Applier stores payloads only and may not call Gitea")
        return self._api

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

    async def issue(
        self, full: str, issue: JSON, *, with_comments: bool = True, by: str | None = None
    ) -> int:
        """An issue, its labels/milestone and (if it has any) its comments; ``by``: who
        changed it, when the caller knows (a webhook's sender)."""
        await self.labels_and_milestone(full, issue)
        parent = self.parent(uris.repo_url(self.base, full))
        data = mapping.issue_entry(self.base, full, issue, parent)
        known = self.writer.known.get(str(data.source_uri))
        before = list(known.meta.get("labels") or []) if known else None
        entry_id = await self.writer.upsert(data)
        written = self.writer.known.get(str(data.source_uri)) is not known
        if before is not None and written:
            self.writer.report.corrections += await record_label_feedback(  # a person's fix
                self.writer.board,
                entry_id,
                before,
                data.meta["labels"],
                issue.get("updated_at"),
                by,
            )
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

    async def files(self, full: str, branch: str) -> tuple[str | None, dict[str, str]]:
        """The repository's files at ``branch`` (see ``files.py`` for which).

        A file whose blob sha is stored already is not read again, nor one that the repository
        entry's sync state (``binary``: path -> blob sha) says was binary; a file no longer there
        (or now skipped) becomes ``gone``. Returns the head commit sha (None if empty) and the
        binary files found (path -> blob sha), for the sync state."""
        known_repo = self.writer.known.get(uris.repo_url(self.base, full))
        known_binary = ((known_repo.meta if known_repo else {}).get("sync") or {}).get("binary")
        known_binary = known_binary or {}
        binary: dict[str, str] = {}
        owner, name = full.split("/", 1)
        head = ((await self.api.branch(owner, name, branch)).get("commit") or {}).get("id")
        if not head:
            return None, {}
        prefix = uris.repo_url(self.base, full) + "/src/branch/"
        stored = self.writer.under(prefix, EntryKind.GITEA_FILE)
        tree = [
            item for item in await self.api.tree(owner, name, head) if item.get("type") == "blob"
        ]
        ignore = files.TreeIgnore(
            {
                item["path"]: await self.api.raw_file(owner, name, item["path"], ref=head)
                for item in tree
                if files.is_ignore_file(item["path"])
            }
        )
        seen = set()
        for item in tree:
            path, sha = str(item.get("path") or ""), str(item.get("sha") or "")
            reason = files.skip_before_reading(
                path,
                int(item.get("size") or 0),
                str(item.get("mode") or ""),
                self.max_file_bytes,
                ignore,
            )
            if reason is None and known_binary.get(path) == sha:
                binary[path], reason = sha, files.BINARY
            if reason is not None:
                self.writer.report.skip(full, path, reason)
                continue
            uri = uris.file_url(self.base, full, branch, path)
            known = self.writer.known.get(uri)
            if known and known.source_version == sha and known.status != EntryStatus.GONE:
                seen.add(uri)
                self.writer.report.unchanged[EntryKind.GITEA_FILE] += 1
                continue
            text = files.text_of(await self.api.raw_bytes(owner, name, path, ref=head))
            if text is None:
                binary[path] = sha
                self.writer.report.skip(full, path, files.BINARY)
                continue
            seen.add(uri)
            await self.writer.upsert(
                mapping.file_entry(
                    self.base,
                    full,
                    branch,
                    path,
                    text,
                    sha,
                    self.parent(uris.repo_url(self.base, full)),
                    files.language(path),
                )
            )
        for uri in set(stored) - seen:
            await self.writer.gone(uri)
        return str(head), binary
