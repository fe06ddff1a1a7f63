"""What happens after a branch moved (API commit or git push): repo updated time, push hook."""

from __future__ import annotations

from typing import Any

from dulwich.objects import Commit

from tests.gitea_standin import render, webhooks
from tests.gitea_standin.http import Emit
from tests.gitea_standin.state import Repo, State, User

ZERO = "0" * 40


def payload_commit(repo: Repo, sha: str, base: str) -> dict[str, Any]:
    """Gitea's ``PayloadCommit`` for a commit of ``repo``."""
    commit = repo.git[sha.encode()]
    assert isinstance(commit, Commit)
    name, _, email = commit.author.decode().partition(" <")
    who = {"name": name, "email": email.rstrip(">"), "username": ""}
    return {
        "id": sha,
        "message": commit.message.decode(),
        "url": f"{base}/{repo.full_name}/commit/{sha}",
        "author": who,
        "committer": who,
        "verification": None,
        "timestamp": render.ts(state_time(commit)),
        "added": [],
        "removed": [],
        "modified": [],
    }


def state_time(commit: Commit) -> Any:
    import datetime

    return datetime.datetime.fromtimestamp(commit.commit_time, tz=datetime.UTC)


def branch_moved(
    state: State,
    repo: Repo,
    branch: str,
    before: str | None,
    after: str | None,
    pusher: User,
    base: str,
    emit: Emit,
) -> None:
    """Bump the repository's updated time and send the push webhook; an open pull request
    from the branch is updated too, with its ``synchronized`` webhook, as Gitea does."""
    repo.updated = state.clock.tick()
    commits = [payload_commit(repo, after, base)] if after else []
    emit(
        repo,
        "push",
        webhooks.push_payload(
            repo, f"refs/heads/{branch}", before or ZERO, after or ZERO, commits, pusher, base
        ),
    )
    for issue in list(repo.issues.values()):
        if after and issue.pull and issue.pull.head == branch and issue.state == "open":
            issue.updated = state.clock.tick()
            emit(
                repo,
                "pull_request",
                webhooks.pull_payload(repo, issue, "synchronized", pusher, base),
            )
