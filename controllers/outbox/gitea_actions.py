"""The Gitea writes the outbox knows: how to do each, and how to find it done after a crash.

Action ``kind`` -> handler; ``target`` is ``owner/repo``; ``payload`` carries the fields below.
Text the platform writes carries an invisible keyed marker (see ``markers``) so a retried
action finds its earlier result instead of writing twice. On issues, comments, pull requests
and reviews the marker only counts when the platform's own account (the user of
GA_GITEA_TOKEN) wrote the object; commits and wiki revisions have no Gitea account on them, so
there the keyed marker alone is the proof. Edits and label/assignee sets are idempotent and
simply done again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from blackboard.connectors.gitea import git_ops
from blackboard.connectors.gitea.api import GiteaAPI, decode_b64
from blackboard.connectors.gitea.errors import GiteaNotFoundError, GiteaNotReadyError
from blackboard.connectors.gitea.git_env import Identity
from blackboard.connectors.gitea.settings import GiteaSettings
from controllers.outbox import markers
from controllers.outbox.handlers import JSON, Handler
from controllers.outbox.policy import check_branch


@dataclass
class Context:
    """Everything a handler needs for one action."""

    api: GiteaAPI
    settings: GiteaSettings
    owner: str
    repo: str
    payload: JSON
    key: str
    secret: bytes
    account: Callable[[], Awaitable[str]]
    """The login of the platform's own Gitea account."""

    def marked(self, text: str) -> str:
        return markers.mark(text, self.key, self.secret)

    def carries(self, text: str | None) -> bool:
        return markers.carries(text, self.key, self.secret)

    async def ours(self, obj: JSON) -> bool:
        """Whether ``obj`` carries this action's marker and our own account wrote it."""
        if not self.carries(obj.get("body")):
            return False
        login = str((obj.get("user") or {}).get("login") or "")
        return login.lower() == (await self.account()).lower()


def _summary(obj: JSON) -> JSON:
    keys = ("id", "number", "html_url", "title", "sha", "sub_url")
    return {k: obj[k] for k in keys if k in obj and obj[k] is not None}


async def _issue_create(ctx: Context) -> JSON:
    p = ctx.payload
    return _summary(
        await ctx.api.create_issue(
            ctx.owner,
            ctx.repo,
            p["title"],
            ctx.marked(p.get("body", "")),
            labels=p.get("labels"),
            assignees=p.get("assignees"),
        )
    )


async def _issue_find(ctx: Context) -> JSON | None:
    async for issue in ctx.api.client.paginate(
        "issueListIssues", owner=ctx.owner, repo=ctx.repo, state="all", type="issues"
    ):
        if await ctx.ours(issue):
            return _summary(issue)
    return None


async def _issue_edit(ctx: Context) -> JSON:
    fields = {k: v for k, v in ctx.payload.items() if k != "index"}
    return _summary(await ctx.api.edit_issue(ctx.owner, ctx.repo, ctx.payload["index"], **fields))


async def _comment_create(ctx: Context) -> JSON:
    return _summary(
        await ctx.api.create_comment(
            ctx.owner, ctx.repo, ctx.payload["index"], ctx.marked(ctx.payload["body"])
        )
    )


async def _comment_find(ctx: Context) -> JSON | None:
    for comment in await ctx.api.comments(ctx.owner, ctx.repo, ctx.payload["index"]):
        if await ctx.ours(comment):
            return _summary(comment)
    return None


async def _comment_edit(ctx: Context) -> JSON:
    return _summary(
        await ctx.api.edit_comment(
            ctx.owner, ctx.repo, ctx.payload["comment_id"], ctx.payload["body"]
        )
    )


async def _labels_add(ctx: Context) -> JSON:
    labels = await ctx.api.add_labels(
        ctx.owner, ctx.repo, ctx.payload["index"], list(ctx.payload["labels"])
    )
    return {"labels": [lab.get("name") for lab in labels]}


async def _assignees_set(ctx: Context) -> JSON:
    return _summary(
        await ctx.api.set_assignees(
            ctx.owner, ctx.repo, ctx.payload["index"], list(ctx.payload["assignees"])
        )
    )


async def _head_allowed(ctx: Context) -> None:
    """The head is no default or protected branch, and it is pushed (its commit action may
    still be running: then the pull request waits, a transient error)."""
    head = ctx.payload["head"]
    await check_branch(ctx.api, ctx.owner, ctx.repo, head)
    try:
        await ctx.api.branch(ctx.owner, ctx.repo, head)
    except GiteaNotFoundError:
        raise GiteaNotReadyError(
            f"branch {head} is not pushed yet; the pull request waits"
        ) from None


async def _pull_create(ctx: Context) -> JSON:
    p = ctx.payload
    for pull in await ctx.api.pulls(ctx.owner, ctx.repo):  # one open pull request per head
        if (pull.get("head") or {}).get("ref") == p["head"] and await _by_us(ctx, pull):
            return {**_summary(pull), "reused": True}
    base = p.get("base") or (await ctx.api.repo(ctx.owner, ctx.repo))["default_branch"]
    return _summary(
        await ctx.api.create_pull(
            ctx.owner,
            ctx.repo,
            head=p["head"],
            base=base,
            title=p["title"],
            body=ctx.marked(p.get("body", "")),
        )
    )


async def _by_us(ctx: Context, obj: JSON) -> bool:
    login = str((obj.get("user") or {}).get("login") or "")
    return obj.get("state") == "open" and login.lower() == (await ctx.account()).lower()


async def _pull_find(ctx: Context) -> JSON | None:
    for pull in await ctx.api.pulls(ctx.owner, ctx.repo):
        head = (pull.get("head") or {}).get("ref")
        if head == ctx.payload["head"] and await ctx.ours(pull):
            return _summary(pull)
    return None


REVIEW_EVENTS = frozenset({"COMMENT", "REQUEST_CHANGES"})
"""What ``gitea.review.create`` may say; approving is its own kind (``gitea.review.approve``)
with its own right, so the ``review`` right never approves."""


async def _review_create(ctx: Context) -> JSON:
    event = str(ctx.payload.get("event") or "COMMENT")
    if event not in REVIEW_EVENTS:
        raise ValueError(
            f"gitea.review.create cannot send event {event!r}: use COMMENT or REQUEST_CHANGES; "
            "approving is the action gitea.review.approve (right 'approve')"
        )
    return await _review(ctx, event)


async def _review_approve(ctx: Context) -> JSON:
    return await _review(ctx, "APPROVED")


async def _review(ctx: Context, event: str) -> JSON:
    """One review with its line comments (``{path, body, new_position}``), at ``commit_id``."""
    p = ctx.payload
    comments = [
        {"path": str(c["path"]), "body": str(c["body"]), "new_position": int(c["new_position"])}
        for c in p.get("comments") or []
    ]
    return _summary(
        await ctx.api.create_review(
            ctx.owner,
            ctx.repo,
            p["index"],
            ctx.marked(p.get("body", "")),
            event,
            comments=comments,
            commit_id=p.get("commit_id"),
        )
    )


async def _review_find(ctx: Context) -> JSON | None:
    for review in await ctx.api.reviews(ctx.owner, ctx.repo, ctx.payload["index"]):
        if await ctx.ours(review):
            return _summary(review)
    return None


async def _branch_allowed(ctx: Context) -> None:
    await check_branch(ctx.api, ctx.owner, ctx.repo, ctx.payload["branch"])


async def _commit(ctx: Context) -> JSON:
    p = ctx.payload
    base = p.get("base") or (await ctx.api.repo(ctx.owner, ctx.repo))["default_branch"]
    sha = await asyncio.to_thread(
        git_ops.commit_files,
        ctx.settings,
        ctx.owner,
        ctx.repo,
        base=base,
        branch=p["branch"],
        files=dict(p["files"]),
        message=ctx.marked(p["message"]),
        author=Identity(**p["author"]) if p.get("author") else None,
    )
    return {"sha": sha, "branch": p["branch"]}


async def _commit_find(ctx: Context) -> JSON | None:
    try:
        branch = await ctx.api.branch(ctx.owner, ctx.repo, ctx.payload["branch"])
    except GiteaNotFoundError:
        return None
    commit = branch.get("commit") or {}
    if ctx.carries(commit.get("message")):
        return {"sha": commit.get("id"), "branch": ctx.payload["branch"]}
    return None


async def _wiki_write(ctx: Context) -> JSON:
    p = ctx.payload
    name = git_ops.wiki_file(p["title"]).removesuffix(".md")
    content, message = ctx.marked(p["content"]), p.get("message") or f"Update {p['title']}"
    try:
        await ctx.api.wiki_page(ctx.owner, ctx.repo, name)
    except GiteaNotFoundError:
        return _summary(
            await ctx.api.create_wiki_page(ctx.owner, ctx.repo, p["title"], content, message)
        )
    return _summary(
        await ctx.api.edit_wiki_page(ctx.owner, ctx.repo, name, p["title"], content, message)
    )


async def _wiki_git(ctx: Context) -> JSON:
    p = ctx.payload
    sha = await asyncio.to_thread(
        git_ops.write_wiki_page,
        ctx.settings,
        ctx.owner,
        ctx.repo,
        title=p["title"],
        content=ctx.marked(p["content"]),
        message=p.get("message") or f"Update {p['title']}",
    )
    return {"sha": sha, "sub_url": git_ops.wiki_file(p["title"]).removesuffix(".md")}


async def _wiki_find(ctx: Context) -> JSON | None:
    name = git_ops.wiki_file(ctx.payload["title"]).removesuffix(".md")
    try:
        page = await ctx.api.wiki_page(ctx.owner, ctx.repo, name)
    except GiteaNotFoundError:
        return None
    if ctx.carries(decode_b64(page.get("content_base64"))):
        return _summary(page)
    return None


HANDLERS: dict[str, Handler[Context]] = {
    "gitea.issue.create": Handler(_issue_create, _issue_find),
    "gitea.issue.edit": Handler(_issue_edit),
    "gitea.comment.create": Handler(_comment_create, _comment_find),
    "gitea.comment.edit": Handler(_comment_edit),
    "gitea.labels.add": Handler(_labels_add),
    "gitea.assignees.set": Handler(_assignees_set),
    "gitea.pull.create": Handler(_pull_create, _pull_find, _head_allowed),
    "gitea.review.create": Handler(_review_create, _review_find),
    "gitea.review.approve": Handler(_review_approve, _review_find),
    "gitea.file.commit": Handler(_commit, _commit_find, _branch_allowed),
    "gitea.wiki.write": Handler(_wiki_write, _wiki_find),
    "gitea.wiki.git": Handler(_wiki_git, _wiki_find),
}
