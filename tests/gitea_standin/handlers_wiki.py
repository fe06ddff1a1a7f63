"""Stand-in handlers: the wiki API, backed by the ``{repo}.wiki.git`` repository."""

from __future__ import annotations

import base64
from typing import Any

from dulwich.objects import Commit

from tests.gitea_standin import git_store, render, webhooks
from tests.gitea_standin.http import ApiError, Reply, Request, page
from tests.gitea_standin.registry import handles
from tests.gitea_standin.state import Repo

BRANCH = render.WIKI_BRANCH


def page_history(repo: Repo) -> dict[str, list[dict[str, Any]]]:
    """Page name -> the commits (newest first) that changed its file."""
    history: dict[str, list[dict[str, Any]]] = {}
    sha = git_store.head(repo.wiki, BRANCH)
    while sha:
        commit = repo.wiki[sha.encode()]
        assert isinstance(commit, Commit)
        parent = commit.parents[0].decode() if commit.parents else None
        now = _files_at(repo, sha)
        before = _files_at(repo, parent) if parent else {}
        for path in set(now) | set(before):
            if now.get(path) != before.get(path) and path in now:
                name = path.removesuffix(".md")
                when = git_store_time(commit)
                history.setdefault(name, []).append(
                    render.wiki_commit(sha, commit.message.decode().strip(), when)
                )
        sha = parent
    return history


def git_store_time(commit: Commit) -> Any:
    import datetime

    return datetime.datetime.fromtimestamp(commit.commit_time, tz=datetime.UTC)


def _files_at(repo: Repo, sha: str) -> dict[str, str]:
    return {p: f.sha for p, f in git_store.files_at(repo.wiki, sha).items()}


def _names(repo: Repo) -> list[str]:
    return sorted(
        p.removesuffix(".md") for p in git_store.files(repo.wiki, BRANCH) if p.endswith(".md")
    )


@handles("repoGetWikiPages")
def list_pages(req: Request) -> Reply:
    repo = req.repo()
    history = page_history(repo)
    return page(req, [render.wiki_meta(repo, n, history[n][0], req.base) for n in _names(repo)])


def _page(req: Request, repo: Repo, name: str) -> dict[str, Any]:
    data = git_store.read(repo.wiki, BRANCH, f"{name}.md")
    if data is None:
        raise ApiError(404, "wiki page does not exist")
    commits = page_history(repo)[name]
    return render.wiki_page(repo, name, data, commits[0], len(commits), req.base)


@handles("repoGetWikiPage")
def get_page(req: Request) -> Reply:
    repo = req.repo()
    return Reply(200, _page(req, repo, str(req.params["pageName"])))


def write_page(
    req: Request, repo: Repo, old: str | None, title: str, content: bytes, message: str
) -> str:
    """Commit a page (renaming ``old`` if the title changed); returns the page name."""
    name = render.wiki_name(title)
    changes: dict[str, bytes | None] = {f"{name}.md": content}
    if old and old != name:
        changes[f"{old}.md"] = None
    git_store.commit_files(
        repo.wiki, BRANCH, changes, message, when=int(req.state.clock.tick().timestamp())
    )
    action = "created" if old is None else "edited"
    req.emit(repo, "wiki", webhooks.wiki_payload(repo, name, action, message, req.user, req.base))
    return name


@handles("repoCreateWikiPage")
def create_page(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    title = body.get("title") or ""
    if not title:
        raise ApiError(400, "title is required")
    if git_store.read(repo.wiki, BRANCH, f"{render.wiki_name(title)}.md") is not None:
        raise ApiError(400, "wiki page already exists")
    content = base64.b64decode(body.get("content_base64") or "")
    name = write_page(req, repo, None, title, content, body.get("message") or f"Add {title}")
    return Reply(201, _page(req, repo, name))


@handles("repoEditWikiPage")
def edit_page(req: Request) -> Reply:
    repo, body, old = req.repo(), req.body or {}, str(req.params["pageName"])
    current = git_store.read(repo.wiki, BRANCH, f"{old}.md")
    if current is None:
        raise ApiError(404, "wiki page does not exist")
    content = base64.b64decode(body["content_base64"]) if body.get("content_base64") else current
    title = body.get("title") or old
    name = write_page(req, repo, old, title, content, body.get("message") or f"Update {title}")
    return Reply(200, _page(req, repo, name))


@handles("repoDeleteWikiPage")
def delete_page(req: Request) -> Reply:
    repo, name = req.repo(), str(req.params["pageName"])
    if git_store.read(repo.wiki, BRANCH, f"{name}.md") is None:
        raise ApiError(404, "wiki page does not exist")
    git_store.commit_files(
        repo.wiki,
        BRANCH,
        {f"{name}.md": None},
        f"Delete {name}",
        when=int(req.state.clock.tick().timestamp()),
    )
    req.emit(repo, "wiki", webhooks.wiki_payload(repo, name, "deleted", "", req.user, req.base))
    return Reply(204)
