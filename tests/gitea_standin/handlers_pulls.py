"""Stand-in handlers: pull requests, their diff, changed files and reviews."""

from __future__ import annotations

import difflib

from tests.gitea_standin import git_store, render, webhooks
from tests.gitea_standin.http import ApiError, Reply, Request, page
from tests.gitea_standin.registry import handles, issue_of
from tests.gitea_standin.state import Issue, PullInfo, Repo, Review, ReviewComment


def _pull_of(req: Request, repo: Repo) -> Issue:
    issue = issue_of(req, repo)
    if issue.pull is None:
        raise ApiError(404, "pull request does not exist")
    return issue


@handles("repoListPullRequests")
def list_pulls(req: Request) -> Reply:
    repo = req.repo()
    state = req.params.get("state") or "open"
    pulls = [i for i in repo.issues.values() if i.pull and (state == "all" or i.state == state)]
    return page(req, [render.pull(repo, i, req.base) for i in sorted(pulls, key=lambda i: -i.id)])


@handles("repoGetPullRequest")
def get_pull(req: Request) -> Reply:
    repo = req.repo()
    return Reply(200, render.pull(repo, _pull_of(req, repo), req.base))


@handles("repoCreatePullRequest")
def create_pull(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    head, base = body.get("head") or "", body.get("base") or repo.default_branch
    if git_store.head(repo.git, head) is None or git_store.head(repo.git, base) is None:
        raise ApiError(404, "head or base branch does not exist")
    if any(i.pull and i.pull.head == head and i.state == "open" for i in repo.issues.values()):
        raise ApiError(409, "pull request already exists for these targets")
    now = req.state.clock.tick()
    issue = Issue(
        req.state.new_id(),
        repo.next_index,
        body.get("title") or head,
        body.get("body") or "",
        req.user,
        now,
        now,
        labels=list(body.get("labels") or []),
        assignees=list(body.get("assignees") or []),
        pull=PullInfo(head, base),
    )
    repo.issues[issue.number] = issue
    repo.next_index += 1
    req.emit(repo, "pull_request", webhooks.pull_payload(repo, issue, "opened", req.user, req.base))
    return Reply(201, render.pull(repo, issue, req.base))


@handles("repoDownloadPullDiffOrPatch")
def pull_diff(req: Request) -> Reply:
    repo = req.repo()
    issue = _pull_of(req, repo)
    assert issue.pull is not None
    old = git_store.files(repo.git, issue.pull.base)
    new = git_store.files(repo.git, issue.pull.head)
    chunks: list[str] = []
    for path in sorted(set(old) | set(new)):
        if path in old and path in new and old[path].sha == new[path].sha:
            continue
        before = (git_store.read(repo.git, issue.pull.base, path) or b"").decode()
        after = (git_store.read(repo.git, issue.pull.head, path) or b"").decode()
        chunks.append(f"diff --git a/{path} b/{path}\n")
        if path not in old or path not in new:  # as git writes it
            chunks.append(f"{'new' if path not in old else 'deleted'} file mode 100644\n")
        chunks.extend(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                fromfile=f"a/{path}" if path in old else "/dev/null",
                tofile=f"b/{path}" if path in new else "/dev/null",
            )
        )
    return Reply(200, raw="".join(chunks).encode(), content_type="text/plain; charset=utf-8")


@handles("repoGetPullRequestFiles")
def pull_files(req: Request) -> Reply:
    repo = req.repo()
    issue = _pull_of(req, repo)
    assert issue.pull is not None
    old = git_store.files(repo.git, issue.pull.base)
    new = git_store.files(repo.git, issue.pull.head)
    head = git_store.head(repo.git, issue.pull.head) or ""
    api = f"{req.base}/api/v1/repos/{repo.full_name}"
    changed: list[dict[str, object]] = []
    for path in sorted(set(old) | set(new)):
        if path in old and path in new and old[path].sha == new[path].sha:
            continue
        before = (git_store.read(repo.git, issue.pull.base, path) or b"").decode().splitlines()
        after = (git_store.read(repo.git, issue.pull.head, path) or b"").decode().splitlines()
        lines = list(difflib.unified_diff(before, after, lineterm="", n=0))[2:]
        added = sum(1 for line in lines if line.startswith("+"))
        removed = sum(1 for line in lines if line.startswith("-"))
        changed.append(
            {
                "filename": path,
                "status": "added"
                if path not in old
                else "deleted"
                if path not in new
                else "modified",
                "additions": added,
                "deletions": removed,
                "changes": added + removed,
                "html_url": f"{req.base}/{repo.full_name}/src/commit/{head}/{path}",
                "contents_url": f"{api}/contents/{path}?ref={head}",
                "raw_url": f"{req.base}/{repo.full_name}/raw/commit/{head}/{path}",
            }
        )
    return page(req, changed)


@handles("repoListPullReviews")
def list_reviews(req: Request) -> Reply:
    repo = req.repo()
    issue = _pull_of(req, repo)
    assert issue.pull is not None
    return page(req, [render.review(repo, issue, rv, req.base) for rv in issue.pull.reviews])


@handles("repoCreatePullReview")
def create_review(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    issue = _pull_of(req, repo)
    assert issue.pull is not None
    state = {"APPROVED": "APPROVED", "REQUEST_CHANGES": "REQUEST_CHANGES"}.get(
        str(body.get("event") or ""), "COMMENT"
    )
    comments = [_line_comment(req, repo, issue, c) for c in body.get("comments") or []]
    now = req.state.clock.tick()
    review = Review(
        req.state.new_id(),
        req.user,
        state,
        body.get("body") or "",
        now,
        body.get("commit_id") or git_store.head(repo.git, issue.pull.head) or "",
        comments,
    )
    issue.pull.reviews.append(review)
    issue.updated = now
    return Reply(200, render.review(repo, issue, review, req.base))


def _line_comment(req: Request, repo: Repo, issue: Issue, c: dict[str, object]) -> ReviewComment:
    """A line comment on the new side of the diff: refused (422) off the diff's lines."""
    assert issue.pull is not None
    path, line = str(c.get("path") or ""), int(str(c.get("new_position") or 0))
    before = (git_store.read(repo.git, issue.pull.base, path) or b"").decode().splitlines()
    after = (git_store.read(repo.git, issue.pull.head, path) or b"").decode().splitlines()
    shown: set[int] = set()
    for group in difflib.SequenceMatcher(None, before, after).get_grouped_opcodes(3):
        shown.update(range(group[0][3] + 1, group[-1][4] + 1))
    if line not in shown:
        raise ApiError(422, f"line {line} of {path} is not part of the diff")
    return ReviewComment(req.state.new_id(), path, line, str(c.get("body") or ""))
