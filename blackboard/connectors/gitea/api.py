"""Typed helpers over ``GiteaClient`` for what the platform uses.

Every helper is one spec operation (named in its docstring); anything else is reachable with
``client.call(operationId, ...)``. Objects come back as Gitea's JSON (``dict``), typed ``JSON``.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import AsyncIterator
from typing import Any

from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import GiteaNotFoundError

JSON = dict[str, Any]


class GiteaAPI:
    """The operations the mirror, the webhook handler and the outbox need, with types."""

    def __init__(self, client: GiteaClient) -> None:
        self.client = client

    # users, orgs, repositories ---------------------------------------------------------

    async def me(self) -> JSON:
        """``userGetCurrent``."""
        return dict(await self.client.data("userGetCurrent"))

    async def owner_repos(self, owner: str) -> AsyncIterator[JSON]:
        """``orgListRepos``, falling back to ``userListRepos`` when ``owner`` is a user."""
        try:
            async for repo in self.client.paginate("orgListRepos", org=owner):
                yield repo
        except GiteaNotFoundError:
            async for repo in self.client.paginate("userListRepos", username=owner):
                yield repo

    async def repo(self, owner: str, repo: str) -> JSON:
        """``repoGet``."""
        return dict(await self.client.data("repoGet", owner=owner, repo=repo))

    async def search_repos(self, q: str) -> list[JSON]:
        """``repoSearch``: the ``data`` of Gitea's search result."""
        found = await self.client.data("repoSearch", q=q)
        return list(found.get("data") or [])

    # contents, branches, commits ---------------------------------------------------------

    async def branches(self, owner: str, repo: str) -> list[JSON]:
        """``repoListBranches``."""
        return await self.client.collect("repoListBranches", owner=owner, repo=repo)

    async def branch(self, owner: str, repo: str, branch: str) -> JSON:
        """``repoGetBranch``."""
        return dict(await self.client.data("repoGetBranch", owner=owner, repo=repo, branch=branch))

    async def create_branch(self, owner: str, repo: str, new: str, old: str) -> JSON:
        """``repoCreateBranch``."""
        return dict(
            await self.client.data(
                "repoCreateBranch",
                owner=owner,
                repo=repo,
                body={"new_branch_name": new, "old_branch_name": old},
            )
        )

    async def protected_branches(self, owner: str, repo: str) -> set[str]:
        """Names with a branch protection (``repoListBranchProtection``)."""
        rules = await self.client.data("repoListBranchProtection", owner=owner, repo=repo)
        return {str(rule.get("branch_name")) for rule in rules or []}

    async def commits(self, owner: str, repo: str, sha: str | None = None) -> list[JSON]:
        """``repoGetAllCommits`` (all pages)."""
        return await self.client.collect("repoGetAllCommits", owner=owner, repo=repo, sha=sha)

    async def tree(self, owner: str, repo: str, sha: str) -> list[JSON]:
        """Every entry of a commit's tree (``GetTree`` recursive, all pages)."""
        entries: list[JSON] = []
        page = 1
        while True:
            data = await self.client.data(
                "GetTree", owner=owner, repo=repo, sha=sha, recursive=True, page=page
            )
            entries += list(data.get("tree") or [])
            if not data.get("truncated"):
                return entries
            page += 1

    async def raw_file(self, owner: str, repo: str, path: str, ref: str | None = None) -> str:
        """A file's text (``repoGetRawFile``)."""
        return (await self.raw_bytes(owner, repo, path, ref)).decode("utf-8", "replace")

    async def raw_bytes(self, owner: str, repo: str, path: str, ref: str | None = None) -> bytes:
        """A file's bytes as stored (``repoGetRawFile``)."""
        data = await self.client.data(
            "repoGetRawFile", owner=owner, repo=repo, filepath=path, ref=ref
        )
        return data if isinstance(data, bytes) else str(data or "").encode()

    async def contents(self, owner: str, repo: str, path: str, ref: str | None = None) -> JSON:
        """``repoGetContents`` (content base64-encoded, with the blob ``sha``)."""
        return dict(
            await self.client.data(
                "repoGetContents", owner=owner, repo=repo, filepath=path, ref=ref
            )
        )

    async def write_file(
        self,
        owner: str,
        repo: str,
        path: str,
        content: str,
        *,
        branch: str,
        message: str,
        new_branch: str | None = None,
        sha: str | None = None,
    ) -> JSON:
        """``repoCreateFile`` (no ``sha``) or ``repoUpdateFile`` (with the current ``sha``)."""
        body: JSON = {
            "content": base64.b64encode(content.encode()).decode(),
            "branch": branch,
            "message": message,
        }
        if new_branch:
            body["new_branch"] = new_branch
        if sha:
            body["sha"] = sha
        op = "repoUpdateFile" if sha else "repoCreateFile"
        return dict(await self.client.data(op, owner=owner, repo=repo, filepath=path, body=body))

    # issues, comments, labels, milestones, assignees ----------------------------------------

    async def issues(
        self, owner: str, repo: str, *, since: str | None = None, kind: str | None = None
    ) -> AsyncIterator[JSON]:
        """``issueListIssues`` with ``state=all`` (issues and pulls unless ``kind``)."""
        async for issue in self.client.paginate(
            "issueListIssues", owner=owner, repo=repo, state="all", since=since, type=kind
        ):
            yield issue

    async def search_issues(self, owner: str, since: str | None = None) -> AsyncIterator[JSON]:
        """``issueSearchIssues`` across ``owner``'s repositories, issues and pulls."""
        async for issue in self.client.paginate(
            "issueSearchIssues", owner=owner, state="all", since=since
        ):
            yield issue

    async def issue(self, owner: str, repo: str, index: int) -> JSON:
        """``issueGetIssue``."""
        return dict(await self.client.data("issueGetIssue", owner=owner, repo=repo, index=index))

    async def create_issue(
        self,
        owner: str,
        repo: str,
        title: str,
        body: str = "",
        *,
        labels: list[int] | None = None,
        assignees: list[str] | None = None,
    ) -> JSON:
        """``issueCreateIssue``."""
        payload: JSON = {"title": title, "body": body}
        if labels:
            payload["labels"] = labels
        if assignees:
            payload["assignees"] = assignees
        return dict(
            await self.client.data("issueCreateIssue", owner=owner, repo=repo, body=payload)
        )

    async def edit_issue(self, owner: str, repo: str, index: int, **changes: Any) -> JSON:
        """``issueEditIssue`` (title, body, state, assignees, milestone...)."""
        return dict(
            await self.client.data(
                "issueEditIssue", owner=owner, repo=repo, index=index, body=changes
            )
        )

    async def comments(self, owner: str, repo: str, index: int) -> list[JSON]:
        """``issueGetComments`` (Gitea returns them all at once)."""
        return list(
            await self.client.data("issueGetComments", owner=owner, repo=repo, index=index) or []
        )

    async def create_comment(self, owner: str, repo: str, index: int, body: str) -> JSON:
        """``issueCreateComment``."""
        return dict(
            await self.client.data(
                "issueCreateComment", owner=owner, repo=repo, index=index, body={"body": body}
            )
        )

    async def edit_comment(self, owner: str, repo: str, comment_id: int, body: str) -> JSON:
        """``issueEditComment``."""
        return dict(
            await self.client.data(
                "issueEditComment", owner=owner, repo=repo, id=comment_id, body={"body": body}
            )
        )

    async def labels(self, owner: str, repo: str) -> list[JSON]:
        """``issueListLabels``."""
        return await self.client.collect("issueListLabels", owner=owner, repo=repo)

    async def add_labels(
        self, owner: str, repo: str, index: int, label_ids: list[int]
    ) -> list[JSON]:
        """``issueAddLabel``."""
        return list(
            await self.client.data(
                "issueAddLabel", owner=owner, repo=repo, index=index, body={"labels": label_ids}
            )
            or []
        )

    async def milestones(self, owner: str, repo: str) -> list[JSON]:
        """``issueGetMilestonesList`` with ``state=all``."""
        return await self.client.collect(
            "issueGetMilestonesList", owner=owner, repo=repo, state="all"
        )

    async def set_assignees(self, owner: str, repo: str, index: int, logins: list[str]) -> JSON:
        """``issueEditIssue`` with ``assignees``."""
        return await self.edit_issue(owner, repo, index, assignees=logins)

    # pull requests -----------------------------------------------------------------------

    async def pulls(self, owner: str, repo: str) -> list[JSON]:
        """``repoListPullRequests`` with ``state=all``."""
        return await self.client.collect(
            "repoListPullRequests", owner=owner, repo=repo, state="all"
        )

    async def pull(self, owner: str, repo: str, index: int) -> JSON:
        """``repoGetPullRequest``."""
        return dict(
            await self.client.data("repoGetPullRequest", owner=owner, repo=repo, index=index)
        )

    async def create_pull(
        self, owner: str, repo: str, *, head: str, base: str, title: str, body: str = ""
    ) -> JSON:
        """``repoCreatePullRequest``."""
        return dict(
            await self.client.data(
                "repoCreatePullRequest",
                owner=owner,
                repo=repo,
                body={"head": head, "base": base, "title": title, "body": body},
            )
        )

    async def pull_diff(self, owner: str, repo: str, index: int) -> str:
        """``repoDownloadPullDiffOrPatch`` (diff)."""
        data = await self.client.data(
            "repoDownloadPullDiffOrPatch", owner=owner, repo=repo, index=index, diffType="diff"
        )
        return data.decode() if isinstance(data, bytes) else str(data or "")

    async def pull_files(self, owner: str, repo: str, index: int) -> list[str]:
        """Paths a pull request changes (``repoGetPullRequestFiles``, all pages)."""
        changed = await self.client.collect(
            "repoGetPullRequestFiles", owner=owner, repo=repo, index=index
        )
        return sorted({str(item["filename"]) for item in changed})

    async def pull_head_file(
        self, owner: str, repo: str, index: int, path: str, head_sha: str | None = None
    ) -> str:
        """A file's text at a pull request's head commit (``repoGetContents``, ``ref`` = the head
        sha; the pull is read first unless its ``head_sha`` is given)."""
        if head_sha is None:
            head_sha = str(((await self.pull(owner, repo, index)).get("head") or {}).get("sha"))
        found = await self.contents(owner, repo, path, ref=head_sha)
        if found.get("type") != "file":
            raise ValueError(f"{path} at {head_sha[:12]} is a {found.get('type')}, not a file")
        return decode_b64(found.get("content"))

    async def reviews(self, owner: str, repo: str, index: int) -> list[JSON]:
        """``repoListPullReviews``."""
        return await self.client.collect("repoListPullReviews", owner=owner, repo=repo, index=index)

    async def create_review(
        self,
        owner: str,
        repo: str,
        index: int,
        body: str,
        event: str = "COMMENT",
        *,
        comments: list[JSON] | None = None,
        commit_id: str | None = None,
    ) -> JSON:
        """``repoCreatePullReview`` (event APPROVED, REQUEST_CHANGES or COMMENT); ``comments``
        are line comments ``{path, body, new_position}`` (``new_position``: the line number in
        the new file), ``commit_id`` the head the review is about."""
        payload: JSON = {"body": body, "event": event}
        if comments:
            payload["comments"] = comments
        if commit_id:
            payload["commit_id"] = commit_id
        return dict(
            await self.client.data(
                "repoCreatePullReview", owner=owner, repo=repo, index=index, body=payload
            )
        )

    # wiki -----------------------------------------------------------------------------------

    async def wiki_pages(self, owner: str, repo: str) -> list[JSON]:
        """``repoGetWikiPages`` (metadata with each page's last commit)."""
        return await self.client.collect("repoGetWikiPages", owner=owner, repo=repo)

    async def wiki_page(self, owner: str, repo: str, name: str) -> JSON:
        """``repoGetWikiPage`` (content base64-encoded)."""
        return dict(
            await self.client.data("repoGetWikiPage", owner=owner, repo=repo, pageName=name)
        )

    async def create_wiki_page(
        self, owner: str, repo: str, title: str, content: str, message: str = ""
    ) -> JSON:
        """``repoCreateWikiPage``."""
        return dict(
            await self.client.data(
                "repoCreateWikiPage",
                owner=owner,
                repo=repo,
                body={"title": title, "content_base64": _b64(content), "message": message},
            )
        )

    async def edit_wiki_page(
        self, owner: str, repo: str, name: str, title: str, content: str, message: str = ""
    ) -> JSON:
        """``repoEditWikiPage``."""
        return dict(
            await self.client.data(
                "repoEditWikiPage",
                owner=owner,
                repo=repo,
                pageName=name,
                body={"title": title, "content_base64": _b64(content), "message": message},
            )
        )

    # webhooks, notifications, releases ---------------------------------------------------

    async def hooks(self, owner: str, repo: str) -> list[JSON]:
        """``repoListHooks``."""
        return await self.client.collect("repoListHooks", owner=owner, repo=repo)

    async def create_hook(
        self, owner: str, repo: str, url: str, secret: str, events: list[str]
    ) -> JSON:
        """``repoCreateHook`` (type gitea, JSON content)."""
        return dict(
            await self.client.data(
                "repoCreateHook",
                owner=owner,
                repo=repo,
                body={
                    "type": "gitea",
                    "active": True,
                    "events": events,
                    "config": {"url": url, "content_type": "json", "secret": secret},
                },
            )
        )

    async def edit_hook(
        self, owner: str, repo: str, hook_id: int, url: str, secret: str, events: list[str]
    ) -> JSON:
        """``repoEditHook``."""
        return dict(
            await self.client.data(
                "repoEditHook",
                owner=owner,
                repo=repo,
                id=hook_id,
                body={
                    "active": True,
                    "events": events,
                    "config": {"url": url, "content_type": "json", "secret": secret},
                },
            )
        )

    async def notifications(self, since: datetime.datetime | None = None) -> list[JSON]:
        """``notifyGetList``."""
        return await self.client.collect("notifyGetList", since=since)

    async def releases(self, owner: str, repo: str) -> list[JSON]:
        """``repoListReleases``."""
        return await self.client.collect("repoListReleases", owner=owner, repo=repo)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def decode_b64(value: str | None) -> str:
    """Text of a base64 ``content``/``content_base64`` field."""
    return base64.b64decode(value or "").decode("utf-8", "replace")
