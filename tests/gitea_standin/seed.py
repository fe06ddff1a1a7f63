"""Building stand-in content quickly: repos with files, issues, comments, pulls, wiki pages."""

from __future__ import annotations

from collections.abc import Mapping

from tests.gitea_standin import git_store, render
from tests.gitea_standin.server import StandinGitea
from tests.gitea_standin.state import Comment, Issue, Label, Milestone, PullInfo, Repo, Review


def add_files(
    server: StandinGitea,
    repo: Repo,
    files: Mapping[str, str | bytes | None],
    branch: str | None = None,
    message: str = "Add files",
) -> str:
    """Commit ``files`` (text, bytes, or None to delete the file) on ``branch``."""
    state = server.state
    sha = git_store.commit_files(
        repo.git,
        branch or repo.default_branch,
        {p: c.encode() if isinstance(c, str) else c for p, c in files.items()},
        message,
        when=int(state.clock.tick().timestamp()),
        parent_branch=repo.default_branch,
    )
    repo.updated = state.clock.now
    return sha


def add_wiki(server: StandinGitea, repo: Repo, title: str, content: str) -> None:
    name = render.wiki_name(title)
    git_store.commit_files(
        repo.wiki,
        render.WIKI_BRANCH,
        {f"{name}.md": content.encode()},
        f"Add {title}",
        when=int(server.state.clock.tick().timestamp()),
    )


def add_label(server: StandinGitea, repo: Repo, name: str) -> Label:
    lab = Label(server.state.new_id(), name)
    repo.labels[lab.id] = lab
    return lab


def add_milestone(server: StandinGitea, repo: Repo, title: str) -> Milestone:
    now = server.state.clock.tick()
    m = Milestone(server.state.new_id(), title, now, now, description=f"{title} goals")
    repo.milestones[m.id] = m
    return m


def add_issue(
    server: StandinGitea,
    repo: Repo,
    title: str,
    body: str = "",
    *,
    labels: list[int] | None = None,
    milestone: int | None = None,
    state: str = "open",
    pull: PullInfo | None = None,
) -> Issue:
    now = server.state.clock.tick()
    issue = Issue(
        server.state.new_id(),
        repo.next_index,
        title,
        body,
        server.admin,
        now,
        now,
        state=state,
        labels=labels or [],
        milestone=milestone,
        pull=pull,
        closed_at=now if state == "closed" else None,
    )
    repo.issues[issue.number] = issue
    repo.next_index += 1
    return issue


def add_comment(server: StandinGitea, repo: Repo, issue: Issue, body: str) -> Comment:
    now = server.state.clock.tick()
    comment = Comment(server.state.new_id(), issue.number, server.admin, body, now, now)
    repo.comments[comment.id] = comment
    issue.updated = now
    return comment


def add_pull(
    server: StandinGitea, repo: Repo, branch: str, title: str, files: dict[str, str]
) -> Issue:
    add_files(server, repo, files, branch=branch, message=title)
    issue = add_issue(
        server,
        repo,
        title,
        f"This changes {', '.join(files)}.",
        pull=PullInfo(branch, repo.default_branch),
    )
    assert issue.pull is not None
    now = server.state.clock.tick()
    issue.pull.reviews.append(
        Review(
            server.state.new_id(),
            server.admin,
            "COMMENT",
            f"Looks reasonable: {title}",
            now,
            git_store.head(repo.git, branch) or "",
        )
    )
    return issue


def push_to_pull(
    server: StandinGitea, repo: Repo, pull: Issue, files: Mapping[str, str | None], message: str
) -> str:
    """New commit on a pull request's head branch; the pull is updated, as Gitea does."""
    assert pull.pull is not None
    sha = add_files(server, repo, files, branch=pull.pull.head, message=message)
    pull.updated = server.state.clock.tick()
    return sha
