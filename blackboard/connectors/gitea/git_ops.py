"""Git over HTTP with gitpython: multi-file commits on a branch, and wiki pages via ``.wiki.git``.

The token travels in an ``http.extraHeader`` set through ``GIT_CONFIG_*`` environment variables,
so it is never on a command line, in a URL, in ``.git/config`` or in an error message. In
read-only mode (``GA_GITEA_READ_ONLY``) nothing is cloned for writing and nothing is pushed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import git

from blackboard.connectors.gitea.errors import GiteaError, WriteRefusedError
from blackboard.connectors.gitea.settings import GiteaSettings

WIKI_BRANCH = "master"


def auth_env(settings: GiteaSettings) -> dict[str, str]:
    """Environment for git: token header, no prompts, a fixed identity."""
    env = {
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": settings.git_author_name,
        "GIT_AUTHOR_EMAIL": settings.git_author_email,
        "GIT_COMMITTER_NAME": settings.git_author_name,
        "GIT_COMMITTER_EMAIL": settings.git_author_email,
    }
    if settings.token_value:
        env.update(
            {
                "GIT_CONFIG_COUNT": "1",
                "GIT_CONFIG_KEY_0": "http.extraHeader",
                "GIT_CONFIG_VALUE_0": f"Authorization: token {settings.token_value}",
            }
        )
    return env


def wiki_file(title: str) -> str:
    """The file Gitea keeps a wiki page in."""
    return title.strip().replace(" ", "-") + ".md"


def _clone(settings: GiteaSettings, slug: str, into: Path) -> git.Repo:
    url = f"{settings.url}/{slug}.git"
    try:
        return git.Repo.clone_from(url, into, env=auth_env(settings))
    except git.GitCommandError as exc:
        raise GiteaError(f"git clone of {slug} failed: {_tail(exc)}") from None


def _check_writable(settings: GiteaSettings, slug: str) -> None:
    if settings.read_only:
        raise WriteRefusedError(
            f"read-only mode (GA_GITEA_READ_ONLY) turns every write off: no push to {slug}"
        )


def _push(settings: GiteaSettings, repo: git.Repo, refspec: str, slug: str) -> None:
    _check_writable(settings, slug)
    try:
        with repo.git.custom_environment(**auth_env(settings)):
            repo.git.push("origin", refspec)
    except git.GitCommandError as exc:
        raise GiteaError(f"git push to {slug} ({refspec}) was refused: {_tail(exc)}") from None


def _tail(exc: git.GitCommandError) -> str:
    lines = [line for line in str(exc.stderr or "").splitlines() if line.strip()]
    return lines[-1].strip(" '") if lines else f"exit status {exc.status}"


def commit_files(
    settings: GiteaSettings,
    owner: str,
    name: str,
    *,
    base: str,
    branch: str,
    files: dict[str, str | None],
    message: str,
) -> str:
    """One commit on ``branch`` (made from ``base`` if new) changing ``files`` (None deletes)."""
    slug = f"{owner}/{name}"
    _check_writable(settings, slug)
    with tempfile.TemporaryDirectory(prefix="ga-git-") as tmp:
        repo = _clone(settings, slug, Path(tmp))
        remote = [ref.remote_head for ref in repo.remote().refs]
        start = f"origin/{branch}" if branch in remote else f"origin/{base}"
        repo.git.checkout("-B", branch, start)
        for path, content in files.items():
            target = Path(tmp) / path
            if content is None:
                if target.exists():
                    repo.index.remove([path], working_tree=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            repo.index.add([path])
        with repo.git.custom_environment(**auth_env(settings)):
            repo.git.commit("-m", message, "--allow-empty")
        sha = repo.head.commit.hexsha
        _push(settings, repo, f"HEAD:refs/heads/{branch}", slug)
        return sha


def write_wiki_page(
    settings: GiteaSettings, owner: str, name: str, *, title: str, content: str, message: str
) -> str:
    """Create or replace a wiki page through the wiki's git repository."""
    slug = f"{owner}/{name}.wiki"
    _check_writable(settings, slug)
    with tempfile.TemporaryDirectory(prefix="ga-wiki-") as tmp:
        repo = _clone(settings, slug, Path(tmp))
        if not repo.head.is_valid():
            repo.git.checkout("-b", WIKI_BRANCH)
        page = wiki_file(title)
        (Path(tmp) / page).write_text(content, encoding="utf-8")
        repo.index.add([page])
        with repo.git.custom_environment(**auth_env(settings)):
            repo.git.commit("-m", message, "--allow-empty")
        sha = repo.head.commit.hexsha
        _push(settings, repo, f"HEAD:refs/heads/{WIKI_BRANCH}", slug)
        return sha
