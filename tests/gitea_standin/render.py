"""Render stand-in state as Gitea API JSON (only fields the spec defines)."""

from __future__ import annotations

import base64
import datetime
from typing import Any

from tests.gitea_standin import git_store
from tests.gitea_standin.state import (
    Comment,
    Hook,
    Issue,
    Label,
    Milestone,
    Repo,
    Review,
    User,
)

JSON = dict[str, Any]
WIKI_BRANCH = "master"


def ts(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def user(u: User, base: str) -> JSON:
    return {
        "id": u.id,
        "login": u.login,
        "full_name": u.full_name,
        "email": u.email,
        "avatar_url": f"{base}/avatars/{u.id}",
        "language": "",
        "is_admin": u.is_admin,
        "last_login": "2024-01-01T00:00:00Z",
        "created": "2024-01-01T00:00:00Z",
        "restricted": False,
        "active": True,
        "prohibit_login": False,
        "location": "",
        "website": "",
        "description": "",
        "visibility": "public",
        "followers_count": 0,
        "following_count": 0,
        "starred_repos_count": 0,
    }


def repo(r: Repo, base: str) -> JSON:
    open_issues = sum(1 for i in r.issues.values() if i.state == "open" and i.pull is None)
    open_pulls = sum(1 for i in r.issues.values() if i.state == "open" and i.pull is not None)
    return {
        "id": r.id,
        "owner": user(r.owner, base),
        "name": r.name,
        "full_name": r.full_name,
        "description": r.description,
        "empty": not git_store.branches(r.git),
        "private": False,
        "fork": False,
        "template": False,
        "parent": None,
        "mirror": False,
        "size": 0,
        "language": "",
        "languages_url": f"{base}/api/v1/repos/{r.full_name}/languages",
        "html_url": f"{base}/{r.full_name}",
        "ssh_url": f"git@localhost:{r.full_name}.git",
        "clone_url": f"{base}/{r.full_name}.git",
        "original_url": "",
        "website": "",
        "stars_count": 0,
        "forks_count": 0,
        "watchers_count": 0,
        "open_issues_count": open_issues,
        "open_pr_counter": open_pulls,
        "release_counter": 0,
        "default_branch": r.default_branch,
        "archived": False,
        "created_at": ts(r.created),
        "updated_at": ts(r.updated),
        "permissions": {"admin": True, "push": True, "pull": True},
        "has_issues": True,
        "has_wiki": True,
        "has_pull_requests": True,
        "has_projects": False,
        "internal_tracker": {
            "enable_time_tracker": False,
            "allow_only_contributors_to_track_time": True,
            "enable_issue_dependencies": True,
        },
        "ignore_whitespace_conflicts": False,
        "allow_merge_commits": True,
        "allow_rebase": True,
        "allow_rebase_explicit": True,
        "allow_squash_merge": True,
        "default_merge_style": "merge",
        "avatar_url": "",
        "internal": False,
        "mirror_interval": "",
        "repo_transfer": None,
    }


def label(r: Repo, lab: Label, base: str) -> JSON:
    return {
        "id": lab.id,
        "name": lab.name,
        "color": lab.color,
        "description": lab.description,
        "url": f"{base}/api/v1/repos/{r.full_name}/labels/{lab.id}",
    }


def milestone(r: Repo, m: Milestone) -> JSON:
    issues = [i for i in r.issues.values() if i.milestone == m.id]
    return {
        "id": m.id,
        "title": m.title,
        "description": m.description,
        "state": m.state,
        "open_issues": sum(1 for i in issues if i.state == "open"),
        "closed_issues": sum(1 for i in issues if i.state == "closed"),
        "created_at": ts(m.created),
        "updated_at": ts(m.updated),
        "closed_at": ts(m.closed_at),
        "due_on": None,
    }


def issue(r: Repo, i: Issue, base: str) -> JSON:
    kind = "pulls" if i.pull else "issues"
    users = {u.login.lower(): u for u in [r.owner]}
    assignees = [user(users.get(a.lower(), User(0, a)), base) for a in i.assignees]
    return {
        "id": i.id,
        "url": f"{base}/api/v1/repos/{r.full_name}/issues/{i.number}",
        "html_url": f"{base}/{r.full_name}/{kind}/{i.number}",
        "number": i.number,
        "user": user(i.user, base),
        "original_author": "",
        "original_author_id": 0,
        "title": i.title,
        "body": i.body,
        "ref": "",
        "labels": [label(r, r.labels[lid], base) for lid in i.labels if lid in r.labels],
        "milestone": milestone(r, r.milestones[i.milestone])
        if i.milestone in r.milestones
        else None,
        "assignee": assignees[0] if assignees else None,
        "assignees": assignees or None,
        "state": i.state,
        "is_locked": False,
        "comments": sum(1 for c in r.comments.values() if c.issue == i.number),
        "created_at": ts(i.created),
        "updated_at": ts(i.updated),
        "closed_at": ts(i.closed_at),
        "due_date": None,
        "pull_request": {"merged": i.pull.merged, "merged_at": ts(i.pull.merged_at)}
        if i.pull
        else None,
        "repository": {
            "id": r.id,
            "name": r.name,
            "owner": r.owner.login,
            "full_name": r.full_name,
        },
    }


def comment(r: Repo, c: Comment, base: str) -> JSON:
    target = r.issues.get(c.issue)
    is_pull = bool(target and target.pull)
    kind = "pulls" if is_pull else "issues"
    return {
        "id": c.id,
        "html_url": f"{base}/{r.full_name}/{kind}/{c.issue}#issuecomment-{c.id}",
        "pull_request_url": f"{base}/{r.full_name}/pulls/{c.issue}" if is_pull else "",
        "issue_url": f"{base}/{r.full_name}/issues/{c.issue}" if not is_pull else "",
        "user": user(c.user, base),
        "original_author": "",
        "original_author_id": 0,
        "body": c.body,
        "created_at": ts(c.created),
        "updated_at": ts(c.updated),
    }


def branch_info(r: Repo, name: str, base: str) -> JSON:
    return {
        "label": name,
        "ref": name,
        "sha": git_store.head(r.git, name) or "",
        "repo_id": r.id,
        "repo": repo(r, base),
    }


def pull(r: Repo, i: Issue, base: str) -> JSON:
    assert i.pull is not None
    data = issue(r, i, base)
    for key in ("original_author", "original_author_id", "ref", "repository", "pull_request"):
        data.pop(key, None)
    data.update(
        {
            "html_url": f"{base}/{r.full_name}/pulls/{i.number}",
            "url": f"{base}/{r.full_name}/pulls/{i.number}",
            "diff_url": f"{base}/{r.full_name}/pulls/{i.number}.diff",
            "patch_url": f"{base}/{r.full_name}/pulls/{i.number}.patch",
            "mergeable": not i.pull.merged,
            "merged": i.pull.merged,
            "merged_at": ts(i.pull.merged_at),
            "merge_commit_sha": None,
            "merged_by": None,
            "allow_maintainer_edit": False,
            "merge_base": git_store.head(r.git, i.pull.base) or "",
            "base": branch_info(r, i.pull.base, base),
            "head": branch_info(r, i.pull.head, base),
        }
    )
    return data


def review(r: Repo, i: Issue, rv: Review, base: str) -> JSON:
    return {
        "id": rv.id,
        "user": user(rv.user, base),
        "team": None,
        "state": rv.state,
        "body": rv.body,
        "commit_id": rv.commit_id,
        "stale": False,
        "official": False,
        "dismissed": False,
        "comments_count": len(rv.comments),
        "submitted_at": ts(rv.submitted),
        "html_url": f"{base}/{r.full_name}/pulls/{i.number}#issuecomment-{rv.id}",
        "pull_request_url": f"{base}/{r.full_name}/pulls/{i.number}",
    }


def hook(h: Hook) -> JSON:
    return {
        "id": h.id,
        "type": "gitea",
        "active": h.active,
        "events": h.events,
        "config": {"url": h.url, "content_type": h.content_type},
        "created_at": ts(h.created),
        "updated_at": ts(h.updated),
    }


def wiki_name(title: str) -> str:
    """Gitea's page name for a title (spaces become dashes)."""
    return title.strip().replace(" ", "-")


def wiki_commit(sha: str, message: str, when: datetime.datetime) -> JSON:
    who = {"name": "Stand-in", "email": "standin@localhost", "date": ts(when)}
    return {"sha": sha, "message": message, "author": who, "commiter": who}


def wiki_meta(r: Repo, name: str, last: JSON, base: str) -> JSON:
    return {
        "title": name.replace("-", " "),
        "sub_url": name,
        "html_url": f"{base}/{r.full_name}/wiki/{name}",
        "last_commit": last,
    }


def wiki_page(r: Repo, name: str, content: bytes, last: JSON, count: int, base: str) -> JSON:
    data = wiki_meta(r, name, last, base)
    data.update(
        {
            "content_base64": base64.b64encode(content).decode(),
            "commit_count": count,
            "sidebar": "",
            "footer": "",
        }
    )
    return data
