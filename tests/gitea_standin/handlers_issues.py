"""Stand-in handlers: issues, comments, labels, milestones, issue search."""

from __future__ import annotations

from typing import Any

from tests.gitea_standin import render, webhooks
from tests.gitea_standin.http import ApiError, Reply, Request, page
from tests.gitea_standin.registry import handles, issue_of, when
from tests.gitea_standin.state import Comment, Issue, Label, Milestone, Repo


def _filter(req: Request, issues: list[Issue]) -> list[Issue]:
    state = req.params.get("state") or "open"
    kind = req.params.get("type")
    since, before = when(req.params.get("since")), when(req.params.get("before"))
    q = str(req.params.get("q") or "").lower()
    out = []
    for i in issues:
        if state != "all" and i.state != state:
            continue
        if (kind == "issues" and i.pull) or (kind == "pulls" and not i.pull):
            continue
        if (since and i.updated < since) or (before and i.updated > before):
            continue
        if q and q not in i.title.lower() and q not in i.body.lower():
            continue
        out.append(i)
    return sorted(out, key=lambda i: -i.id)


@handles("issueListIssues")
def list_issues(req: Request) -> Reply:
    repo = req.repo()
    return page(
        req, [render.issue(repo, i, req.base) for i in _filter(req, list(repo.issues.values()))]
    )


@handles("issueSearchIssues")
def search_issues(req: Request) -> Reply:
    owner = str(req.params.get("owner") or "").lower()
    found: list[tuple[Repo, Issue]] = []
    for repo in req.state.repos.values():
        if owner and repo.owner.login.lower() != owner:
            continue
        found += [(repo, i) for i in _filter(req, list(repo.issues.values()))]
    found.sort(key=lambda pair: -pair[1].updated.timestamp())
    return page(req, [render.issue(r, i, req.base) for r, i in found])


@handles("issueGetIssue")
def get_issue(req: Request) -> Reply:
    repo = req.repo()
    return Reply(200, render.issue(repo, issue_of(req, repo), req.base))


@handles("issueCreateIssue")
def create_issue(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    now = req.state.clock.tick()
    issue = Issue(
        req.state.new_id(),
        repo.next_index,
        body["title"],
        body.get("body") or "",
        req.user,
        now,
        now,
        labels=list(body.get("labels") or []),
        milestone=body.get("milestone") or None,
        assignees=list(body.get("assignees") or []),
    )
    if body.get("closed"):
        issue.state, issue.closed_at = "closed", now
    repo.issues[issue.number] = issue
    repo.next_index += 1
    req.emit(repo, "issues", webhooks.issue_payload(repo, issue, "opened", req.user, req.base))
    return Reply(201, render.issue(repo, issue, req.base))


@handles("issueEditIssue")
def edit_issue(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    issue = issue_of(req, repo)
    now = req.state.clock.tick()
    action = "edited"
    for key in ("title", "body"):
        if body.get(key) is not None:
            setattr(issue, key, body[key])
    if body.get("assignees") is not None:
        issue.assignees, action = list(body["assignees"]), "assigned"
    if "milestone" in body and body["milestone"] is not None:
        issue.milestone = body["milestone"] or None
    if body.get("state") in ("open", "closed") and body["state"] != issue.state:
        issue.state = body["state"]
        issue.closed_at = now if issue.state == "closed" else None
        action = "closed" if issue.state == "closed" else "reopened"
    issue.updated = now
    event = "pull_request" if issue.pull else "issues"
    payload = (
        webhooks.pull_payload(repo, issue, action, req.user, req.base)
        if issue.pull
        else webhooks.issue_payload(repo, issue, action, req.user, req.base)
    )
    req.emit(repo, event, payload)
    return Reply(201, render.issue(repo, issue, req.base))


def _comments(repo: Repo, req: Request, issue: int | None) -> list[dict[str, Any]]:
    since, before = when(req.params.get("since")), when(req.params.get("before"))
    out = []
    for c in sorted(repo.comments.values(), key=lambda c: c.id):
        if issue is not None and c.issue != issue:
            continue
        if (since and c.updated < since) or (before and c.updated > before):
            continue
        out.append(render.comment(repo, c, req.base))
    return out


@handles("issueGetComments")
def issue_comments(req: Request) -> Reply:
    repo = req.repo()
    return Reply(200, _comments(repo, req, issue_of(req, repo).number))


@handles("issueGetRepoComments")
def repo_comments(req: Request) -> Reply:
    repo = req.repo()
    return page(req, _comments(repo, req, None))


@handles("issueCreateComment")
def create_comment(req: Request) -> Reply:
    repo = req.repo()
    issue = issue_of(req, repo)
    now = req.state.clock.tick()
    comment = Comment(req.state.new_id(), issue.number, req.user, req.body["body"], now, now)
    repo.comments[comment.id] = comment
    issue.updated = now
    kind = "pull_request_comment" if issue.pull else "issue_comment"
    req.emit(
        repo, kind, webhooks.comment_payload(repo, issue, comment, "created", req.user, req.base)
    )
    return Reply(201, render.comment(repo, comment, req.base))


def _comment_of(req: Request, repo: Repo) -> Comment:
    found = repo.comments.get(int(req.params["id"]))
    if found is None:
        raise ApiError(404, "comment does not exist")
    return found


@handles("issueGetComment")
def get_comment(req: Request) -> Reply:
    repo = req.repo()
    return Reply(200, render.comment(repo, _comment_of(req, repo), req.base))


@handles("issueEditComment")
def edit_comment(req: Request) -> Reply:
    repo = req.repo()
    comment = _comment_of(req, repo)
    comment.body, comment.updated = req.body["body"], req.state.clock.tick()
    issue = repo.issues[comment.issue]
    issue.updated = comment.updated
    kind = "pull_request_comment" if issue.pull else "issue_comment"
    req.emit(
        repo, kind, webhooks.comment_payload(repo, issue, comment, "edited", req.user, req.base)
    )
    return Reply(200, render.comment(repo, comment, req.base))


@handles("issueDeleteComment")
def delete_comment(req: Request) -> Reply:
    repo = req.repo()
    comment = _comment_of(req, repo)
    del repo.comments[comment.id]
    req.state.clock.tick()
    issue = repo.issues[comment.issue]
    kind = "pull_request_comment" if issue.pull else "issue_comment"
    req.emit(
        repo, kind, webhooks.comment_payload(repo, issue, comment, "deleted", req.user, req.base)
    )
    return Reply(204)


@handles("issueListLabels")
def list_labels(req: Request) -> Reply:
    repo = req.repo()
    return page(req, [render.label(repo, lab, req.base) for lab in repo.labels.values()])


@handles("issueCreateLabel")
def create_label(req: Request) -> Reply:
    repo, body = req.repo(), req.body
    lab = Label(
        req.state.new_id(), body["name"], body["color"].lstrip("#"), body.get("description") or ""
    )
    repo.labels[lab.id] = lab
    req.state.clock.tick()
    return Reply(201, render.label(repo, lab, req.base))


@handles("issueAddLabel", "issueReplaceLabels")
def set_labels(req: Request) -> Reply:
    repo = req.repo()
    issue = issue_of(req, repo)
    wanted = [int(x) for x in (req.body or {}).get("labels") or []]
    missing = [x for x in wanted if x not in repo.labels]
    if missing:
        raise ApiError(422, f"labels do not exist: {missing}")
    if req.method == "PUT":
        issue.labels = wanted
    else:
        issue.labels += [x for x in wanted if x not in issue.labels]
    issue.updated = req.state.clock.tick()
    req.emit(
        repo,
        "issue_label",
        webhooks.issue_payload(repo, issue, "label_updated", req.user, req.base),
    )
    return Reply(200, [render.label(repo, repo.labels[x], req.base) for x in issue.labels])


@handles("issueGetMilestonesList")
def list_milestones(req: Request) -> Reply:
    repo = req.repo()
    state = req.params.get("state") or "open"
    items = [
        render.milestone(repo, m)
        for m in repo.milestones.values()
        if state == "all" or m.state == state
    ]
    return page(req, items)


@handles("issueCreateMilestone")
def create_milestone(req: Request) -> Reply:
    repo, body = req.repo(), req.body or {}
    now = req.state.clock.tick()
    m = Milestone(
        req.state.new_id(),
        body.get("title") or "",
        now,
        now,
        body.get("description") or "",
        body.get("state") or "open",
    )
    repo.milestones[m.id] = m
    return Reply(201, render.milestone(repo, m))
