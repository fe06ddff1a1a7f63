"""Gitea JSON -> ``EntryIn``: one function per kind of object.

Content read from Gitea is data: it lands in ``body`` and ``meta`` and is never interpreted.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from blackboard.models.vocabulary import EntryKind, EntryStatus
from blackboard.schemas.entries import EntryIn
from ingest.gitea.mirror import uris
from ingest.gitea.mirror.docs import is_doc

JSON = dict[str, Any]
MAX_BODY = 1_900_000
_COMMAND = re.compile(r"^\s*/([A-Za-z][A-Za-z0-9_-]{0,30})\b")


def _title(text: str) -> str:
    text = " ".join(text.split()) or "(untitled)"
    return text if len(text) <= 500 else text[:497] + "..."


def _tags(full_name: str, *extra: str) -> list[str]:
    tags = ["gitea", f"repo:{full_name}"[:100]]
    tags += [t[:100] for t in extra if t]
    return list(dict.fromkeys(tags))[:50]


def _login(user: JSON | None) -> str:
    return str((user or {}).get("login") or "gitea")


def repo_entry(base: str, repo: JSON, sync_state: JSON) -> EntryIn:
    full = repo["full_name"]
    return EntryIn(
        kind=EntryKind.GITEA_REPO,
        title=_title(full),
        body=repo.get("description") or "",
        source_uri=uris.repo_url(base, full),
        source_version=repo.get("updated_at"),
        author=_login(repo.get("owner")),
        status=EntryStatus.CLOSED if repo.get("archived") else EntryStatus.OPEN,
        tags=_tags(full),
        meta={
            "gitea_id": repo.get("id"),
            "full_name": full,
            "default_branch": repo.get("default_branch"),
            "html_url": repo.get("html_url"),
            "has_wiki": repo.get("has_wiki"),
            "sync": sync_state,
        },
    )


def issue_entry(base: str, full: str, issue: JSON, parent_id: int | None) -> EntryIn:
    labels = [lab["name"] for lab in issue.get("labels") or []]
    milestone = (issue.get("milestone") or {}).get("title")
    return EntryIn(
        kind=EntryKind.GITEA_ISSUE,
        title=_title(issue.get("title") or ""),
        body=(issue.get("body") or "")[:MAX_BODY],
        source_uri=uris.issue_url(base, full, issue["number"]),
        source_version=issue.get("updated_at"),
        author=_login(issue.get("user")),
        status=issue.get("state") or EntryStatus.OPEN,
        parent_id=parent_id,
        tags=_tags(full, *(f"label:{name}" for name in labels)),
        meta={
            "repo": full,
            "number": issue["number"],
            "gitea_id": issue.get("id"),
            "labels": labels,
            "milestone": milestone,
            "assignees": [a.get("login") for a in issue.get("assignees") or []],
            "comments": issue.get("comments", 0),
            "created_at": issue.get("created_at"),
            "closed_at": issue.get("closed_at"),
            "html_url": issue.get("html_url"),
        },
    )


def pull_entry(
    base: str, full: str, pull: JSON, files: list[str], reviews: list[JSON], parent_id: int | None
) -> EntryIn:
    labels = [lab["name"] for lab in pull.get("labels") or []]
    head_sha = (pull.get("head") or {}).get("sha")
    lines = [pull.get("body") or ""]
    if head_sha:  # a push changes the entry, so the reviewer is woken for the new commits
        lines += ["", f"Head commit: {head_sha}"]
    if pull.get("merged"):  # so is a merge: the schema keeper is woken for a landed migration
        lines += ["", "Merged."]
    if files:
        lines += ["", "## Changed files", *(f"- {path}" for path in files)]
    if reviews:
        lines += ["", "## Reviews"]
        lines += [
            f"- {_login(r.get('user'))} ({r.get('state')}): {r.get('body') or ''}".rstrip()
            for r in reviews
        ]
    state = "merged" if pull.get("merged") else pull.get("state") or EntryStatus.OPEN
    review_ids = ",".join(str(r.get("id")) for r in reviews)
    version = f"{pull.get('updated_at')}|{hashlib.sha1(review_ids.encode()).hexdigest()[:8]}"  # noqa: S324
    return EntryIn(
        kind=EntryKind.GITEA_PULL,
        title=_title(pull.get("title") or ""),
        body="\n".join(lines)[:MAX_BODY],
        source_uri=uris.issue_url(base, full, pull["number"], pull=True),
        source_version=version,
        author=_login(pull.get("user")),
        status=EntryStatus.CLOSED if state == "merged" else state,
        parent_id=parent_id,
        tags=_tags(full, "pull", *(f"label:{name}" for name in labels)),
        meta={
            "repo": full,
            "number": pull["number"],
            "gitea_id": pull.get("id"),
            "labels": labels,
            "head": (pull.get("head") or {}).get("ref"),
            "head_sha": head_sha,
            "base": (pull.get("base") or {}).get("ref"),
            "merged": bool(pull.get("merged")),
            "files": files,
            "reviews": [{"user": _login(r.get("user")), "state": r.get("state")} for r in reviews],
            "html_url": pull.get("html_url"),
        },
    )


def comment_entry(
    base: str, full: str, number: int, pull: bool, comment: JSON, parent_id: int | None
) -> EntryIn:
    return EntryIn(
        kind=EntryKind.GITEA_COMMENT,
        title=_title(f"Comment by {_login(comment.get('user'))} on {full}#{number}"),
        body=(comment.get("body") or "")[:MAX_BODY],
        source_uri=uris.comment_url(base, full, number, comment["id"], pull),
        source_version=comment.get("updated_at"),
        author=_login(comment.get("user")),
        parent_id=parent_id,
        tags=_tags(full, "pull" if pull else "issue", _command(comment.get("body") or "")),
        meta={
            "repo": full,
            "number": number,
            "gitea_id": comment["id"],
            "is_pull": pull,
            "html_url": comment.get("html_url"),
        },
    )


def _command(body: str) -> str:
    """``command:<word>`` for a comment that starts with ``/<word>`` (``/triage``: a person's
    request to the triager), else nothing."""
    match = _COMMAND.match(body)
    return f"command:{match.group(1).lower()}" if match else ""


def label_entry(base: str, full: str, label: JSON, parent_id: int | None) -> EntryIn:
    fields = f"{label.get('name')}|{label.get('color')}|{label.get('description')}"
    return EntryIn(
        kind=EntryKind.GITEA_LABEL,
        title=_title(label.get("name") or ""),
        body=label.get("description") or "",
        source_uri=uris.label_url(base, full, label["id"]),
        source_version=hashlib.sha1(fields.encode()).hexdigest(),  # noqa: S324
        author="gitea",
        parent_id=parent_id,
        tags=_tags(full),
        meta={"repo": full, "gitea_id": label["id"], "color": label.get("color")},
    )


def milestone_entry(base: str, full: str, milestone: JSON, parent_id: int | None) -> EntryIn:
    return EntryIn(
        kind=EntryKind.GITEA_MILESTONE,
        title=_title(milestone.get("title") or ""),
        body=milestone.get("description") or "",
        source_uri=uris.milestone_url(base, full, milestone["id"]),
        source_version=milestone.get("updated_at"),
        author="gitea",
        status=milestone.get("state") or EntryStatus.OPEN,
        parent_id=parent_id,
        tags=_tags(full),
        meta={
            "repo": full,
            "gitea_id": milestone["id"],
            "due_on": milestone.get("due_on"),
            "open_issues": milestone.get("open_issues"),
            "closed_issues": milestone.get("closed_issues"),
        },
    )


def wiki_entry(
    base: str, full: str, name: str, title: str, content: str, sha: str, parent_id: int | None
) -> EntryIn:
    return EntryIn(
        kind=EntryKind.GITEA_WIKI_PAGE,
        title=_title(title or name),
        body=content[:MAX_BODY],
        source_uri=uris.wiki_url(base, full, name),
        source_version=sha,
        author="gitea",
        parent_id=parent_id,
        tags=_tags(full, "wiki"),
        meta={"repo": full, "page": name},
    )


def file_entry(
    base: str,
    full: str,
    branch: str,
    path: str,
    content: str,
    sha: str,
    parent_id: int | None,
    language: str | None = None,
) -> EntryIn:
    """A repository file: ``doc`` (see ``docs.is_doc``) or ``code``, with its language."""
    doc = is_doc(path)
    return EntryIn(
        kind=EntryKind.GITEA_FILE,
        title=_title(f"{full}: {path}"),
        body=content[:MAX_BODY],
        source_uri=uris.file_url(base, full, branch, path),
        source_version=sha,
        author="gitea",
        parent_id=parent_id,
        tags=_tags(full, "doc" if doc else "code", f"lang:{language}" if language else ""),
        meta={
            "repo": full,
            "path": path,
            "branch": branch,
            "role": "doc" if doc else "code",
            "language": language,
        },
    )
