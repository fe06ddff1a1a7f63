"""Stand-in handlers: users, repositories, branches, protections, contents, trees, hooks."""

from __future__ import annotations

import base64
from typing import Any

from tests.gitea_standin import git_events, git_store, render
from tests.gitea_standin.http import ApiError, Reply, Request, page
from tests.gitea_standin.registry import handles
from tests.gitea_standin.state import Hook, Repo


@handles("getVersion")
def version(req: Request) -> Reply:
    return Reply(200, {"version": "1.19.0+standin"})


@handles("userGetCurrent")
def current_user(req: Request) -> Reply:
    return Reply(200, render.user(req.user, req.base))


def _owned(req: Request, owner: str) -> list[dict[str, Any]]:
    if owner.lower() not in req.state.users:
        raise ApiError(404, "user does not exist")
    repos = [r for r in req.state.repos.values() if r.owner.login.lower() == owner.lower()]
    return [render.repo(r, req.base) for r in sorted(repos, key=lambda r: r.id)]


@handles("orgListRepos")
def org_repos(req: Request) -> Reply:
    org = req.state.users.get(str(req.params["org"]).lower())
    if org is None or not org.is_org:
        raise ApiError(404, "organization does not exist")
    return page(req, _owned(req, org.login))


@handles("userListRepos")
def user_repos(req: Request) -> Reply:
    return page(req, _owned(req, str(req.params["username"])))


@handles("repoGet")
def get_repo(req: Request) -> Reply:
    return Reply(200, render.repo(req.repo(), req.base))


def _branch(req: Request, repo: Repo, name: str) -> dict[str, Any]:
    sha = git_store.head(repo.git, name)
    if sha is None:
        raise ApiError(404, "branch does not exist")
    protected = name in repo.protected
    return {
        "name": name,
        "commit": git_events.payload_commit(repo, sha, req.base),
        "protected": protected,
        "required_approvals": 0,
        "enable_status_check": False,
        "status_check_contexts": [],
        "user_can_push": not protected,
        "user_can_merge": True,
        "effective_branch_protection_name": name if protected else "",
    }


@handles("repoListBranches")
def list_branches(req: Request) -> Reply:
    repo = req.repo()
    return page(req, [_branch(req, repo, b) for b in sorted(git_store.branches(repo.git))])


@handles("repoGetBranch")
def get_branch(req: Request) -> Reply:
    repo = req.repo()
    return Reply(200, _branch(req, repo, str(req.params["branch"])))


@handles("repoCreateBranch")
def create_branch(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    new, old = body["new_branch_name"], body.get("old_branch_name") or repo.default_branch
    if git_store.head(repo.git, new):
        raise ApiError(409, "branch already exists")
    sha = git_store.head(repo.git, old)
    if sha is None:
        raise ApiError(404, "old branch does not exist")
    git_store.set_branch(repo.git, new, sha)
    git_events.branch_moved(req.state, repo, new, None, sha, req.user, req.base, req.emit)
    return Reply(201, _branch(req, repo, new))


@handles("repoListBranchProtection")
def list_protections(req: Request) -> Reply:
    repo = req.repo()
    return Reply(
        200,
        [
            {
                "branch_name": b,
                "enable_push": False,
                "enable_push_whitelist": False,
                "required_approvals": 0,
                "created_at": render.ts(repo.created),
                "updated_at": render.ts(repo.created),
            }
            for b in sorted(repo.protected)
        ],
    )


@handles("GetTree")
def get_tree(req: Request) -> Reply:
    repo = req.repo()
    sha = _commit_of(repo, str(req.params["sha"]))  # a branch or any commit, as Gitea takes
    if sha is None:
        raise ApiError(400, "sha not found")
    files = git_store.files_at(repo.git, sha)
    recursive = bool(req.params.get("recursive"))
    entries: list[dict[str, Any]] = [
        {
            "path": f.path,
            "mode": "100644",
            "type": "blob",
            "size": f.size,
            "sha": f.sha,
            "url": f"{req.base}/api/v1/repos/{repo.full_name}/git/blobs/{f.sha}",
        }
        for f in sorted(files.values(), key=lambda f: f.path)
        if recursive or "/" not in f.path
    ]
    return Reply(
        200,
        {
            "sha": sha,
            "url": f"{req.base}/api/v1/repos/{repo.full_name}/git/trees/{sha}",
            "tree": entries,
            "truncated": False,
            "page": 1,
            "total_count": len(entries),
        },
    )


def _ref(req: Request, repo: Repo) -> str:
    return str(req.params.get("ref") or repo.default_branch)


def _commit_of(repo: Repo, ref: str) -> str | None:
    """A branch name or a commit sha -> the commit sha."""
    branch = git_store.head(repo.git, ref)
    if branch:
        return branch
    return ref if git_store.has_object(repo.git, ref) else None


@handles("repoGetRawFile")
def raw_file(req: Request) -> Reply:
    repo = req.repo()
    sha = _commit_of(repo, _ref(req, repo))
    entry = git_store.files_at(repo.git, sha).get(str(req.params["filepath"])) if sha else None
    if entry is None:
        raise ApiError(404, "file does not exist")
    etag = f'"{entry.sha}"'
    if req.headers.get("if-none-match") == etag:
        return Reply(304, headers={"ETag": etag})
    return Reply(
        200,
        raw=git_store.blob(repo.git, entry.sha),
        headers={"ETag": etag},
        content_type="text/plain; charset=utf-8",
    )


def _contents(req: Request, repo: Repo, branch: str, path: str) -> dict[str, Any]:
    """``branch`` is a branch name or a commit sha (a pull request's head, say)."""
    sha = _commit_of(repo, branch)
    entry = git_store.files_at(repo.git, sha).get(path) if sha else None
    if entry is None:
        raise ApiError(404, "file does not exist")
    data = git_store.blob(repo.git, entry.sha)
    url = f"{req.base}/api/v1/repos/{repo.full_name}/contents/{path}?ref={branch}"
    html = f"{req.base}/{repo.full_name}/src/branch/{branch}/{path}"
    git = f"{req.base}/api/v1/repos/{repo.full_name}/git/blobs/{entry.sha}"
    return {
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": entry.sha,
        "type": "file",
        "size": entry.size,
        "encoding": "base64",
        "content": base64.b64encode(data).decode(),
        "target": None,
        "url": url,
        "html_url": html,
        "git_url": git,
        "download_url": f"{req.base}/{repo.full_name}/raw/branch/{branch}/{path}",
        "submodule_git_url": None,
        "_links": {"self": url, "git": git, "html": html},
    }


@handles("repoGetContents")
def get_contents(req: Request) -> Reply:
    repo = req.repo()
    return Reply(200, _contents(req, repo, _ref(req, repo), str(req.params["filepath"])))


@handles("repoCreateFile", "repoUpdateFile")
def write_file(req: Request) -> Reply:
    repo, body, path = req.repo(), req.body or {}, str(req.params["filepath"])
    branch = body.get("branch") or repo.default_branch
    target = body.get("new_branch") or branch
    if target in repo.protected:
        raise ApiError(403, f"branch {target} is protected")
    existing = git_store.files(repo.git, branch).get(path)
    creating = req.operation == "repoCreateFile"
    if creating and existing:
        raise ApiError(422, "file already exists")
    if not creating and (existing is None or existing.sha != body.get("sha")):
        raise ApiError(422, "sha does not match")
    before = git_store.head(repo.git, target)
    after = git_store.commit_files(
        repo.git,
        target,
        {path: base64.b64decode(body["content"])},
        body.get("message") or f"Update {path}",
        parent_branch=branch,
        when=int(req.state.clock.now.timestamp()),
    )
    git_events.branch_moved(req.state, repo, target, before, after, req.user, req.base, req.emit)
    commit = git_events.payload_commit(repo, after, req.base)
    who = {
        "name": commit["author"]["name"],
        "email": commit["author"]["email"],
        "date": commit["timestamp"],
    }
    return Reply(
        201 if creating else 200,
        {
            "content": _contents(req, repo, target, path),
            "commit": {
                "sha": after,
                "message": commit["message"],
                "url": commit["url"],
                "html_url": commit["url"],
                "author": who,
                "committer": who,
                "parents": [],
                "created": commit["timestamp"],
                "tree": None,
            },
            "verification": None,
        },
    )


def _hook_of(req: Request, repo: Repo) -> Hook:
    found = repo.hooks.get(int(req.params["id"]))
    if found is None:
        raise ApiError(404, "hook does not exist")
    return found


@handles("repoListHooks")
def list_hooks(req: Request) -> Reply:
    repo = req.repo()
    return page(req, [render.hook(h) for h in repo.hooks.values()])


@handles("repoCreateHook")
def create_hook(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    config = body.get("config") or {}
    if "url" not in config or "content_type" not in config:
        raise ApiError(422, "config must contain url and content_type")
    now = req.state.clock.tick()
    h = Hook(
        req.state.new_id(),
        config["url"],
        config.get("secret", ""),
        list(body.get("events") or []),
        bool(body.get("active")),
        now,
        now,
        config["content_type"],
    )
    repo.hooks[h.id] = h
    return Reply(201, render.hook(h))


@handles("repoEditHook")
def edit_hook(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    h = _hook_of(req, repo)
    config = body.get("config") or {}
    h.url = config.get("url", h.url)
    h.secret = config.get("secret", h.secret)
    if body.get("events") is not None:
        h.events = list(body["events"])
    if body.get("active") is not None:
        h.active = bool(body["active"])
    h.updated = req.state.clock.tick()
    return Reply(200, render.hook(h))


@handles("notifyGetList")
def notifications(req: Request) -> Reply:
    return page(req, [])
