"""Git over HTTP with gitpython: clones, commits of files on a branch, wiki pages (``.wiki.git``).

Every command runs with ``git_env`` (the token in a ``GIT_CONFIG_*`` header, never in a URL,
``.git/config`` or a message). A code commit is never pushed to the repository's default
branch: ``commit_files`` refuses it from the clone's own ``origin/HEAD`` before pushing, whatever
its caller asks (the outbox also refuses the default and protected branches through the API,
and Gitea refuses protected branches itself). Commits carry the given ``Identity`` as author
and committer and are signed when ``GA_GITEA_SIGNING_KEY`` is set. In read-only mode
(``GA_GITEA_READ_ONLY``) nothing is cloned for writing and nothing is pushed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import git

from blackboard.connectors.gitea.errors import GiteaError, WriteRefusedError
from blackboard.connectors.gitea.git_env import Identity, git_env
from blackboard.connectors.gitea.git_signing import signing
from blackboard.connectors.gitea.settings import GiteaSettings

WIKI_BRANCH = "master"


def auth_env(settings: GiteaSettings) -> dict[str, str]:
    """Environment for git: token header, no prompts, the platform's identity."""
    return git_env(settings)


def wiki_file(title: str) -> str:
    """The file Gitea keeps a wiki page in."""
    return title.strip().replace(" ", "-") + ".md"


def clone(settings: GiteaSettings, slug: str, into: Path) -> git.Repo:
    """A clone of ``owner/repo`` (or ``owner/repo.wiki``) in ``into``; its remote URL carries
    no credentials."""
    url = f"{settings.url}/{slug}.git"
    try:
        return git.Repo.clone_from(url, into, env=auth_env(settings))
    except git.GitCommandError as exc:
        raise GiteaError(f"git clone of {slug} failed: {tail(exc)}") from None


def fetch(settings: GiteaSettings, repo: git.Repo, slug: str) -> None:
    """Bring ``origin``'s branches of an existing clone up to date."""
    try:
        with repo.git.custom_environment(**auth_env(settings)):
            repo.git.fetch("--prune", "origin")
    except git.GitCommandError as exc:
        raise GiteaError(f"git fetch of {slug} failed: {tail(exc)}") from None


def default_branch(repo: git.Repo) -> str:
    """The remote's default branch, as the clone recorded it (``origin/HEAD``)."""
    try:
        ref = str(repo.git.symbolic_ref("refs/remotes/origin/HEAD"))
    except git.GitCommandError:
        raise GiteaError("the clone has no origin/HEAD: the repository has no branch yet") from None
    return ref.removeprefix("refs/remotes/origin/")


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
        raise GiteaError(f"git push to {slug} ({refspec}) was refused: {tail(exc)}") from None


def tail(exc: git.GitCommandError) -> str:
    """The last line git wrote to stderr (never the command line or its environment)."""
    lines = [line for line in str(exc.stderr or "").splitlines() if line.strip()]
    return lines[-1].strip(" '") if lines else f"exit status {exc.status}"


def _inside(path: str) -> str:
    """``path`` if it is a relative path inside the work tree (never ``..``, never ``.git``)."""
    parts = Path(path).parts
    if not parts or Path(path).is_absolute() or ".." in parts or parts[0] == ".git":
        raise WriteRefusedError(f"{path!r} is not a path inside the repository")
    return path


def _commit(settings: GiteaSettings, repo: git.Repo, message: str, who: Identity) -> str:
    """Commit the index as ``who``, signed when a key is set; the new commit's sha."""
    with signing(settings) as sign:
        try:
            with repo.git.custom_environment(**git_env(settings, who, sign.config), **sign.env):
                repo.git.commit("-m", message, "--allow-empty")
        except git.GitCommandError as exc:
            raise GiteaError(f"git commit failed: {tail(exc)}") from None
    return repo.head.commit.hexsha


def commit_files(
    settings: GiteaSettings,
    owner: str,
    name: str,
    *,
    base: str,
    branch: str,
    files: dict[str, str | None],
    message: str,
    author: Identity | None = None,
) -> str:
    """One commit on ``branch`` (made from ``base`` if new) changing ``files`` (None deletes),
    by ``author`` (default: the platform); never on the default branch."""
    slug = f"{owner}/{name}"
    _check_writable(settings, slug)
    with tempfile.TemporaryDirectory(prefix="ga-git-") as tmp:
        repo = clone(settings, slug, Path(tmp))
        if branch == default_branch(repo):
            raise WriteRefusedError(
                f"{branch} is the default branch of {slug}; "
                "code goes on a branch and through a pull request"
            )
        remote = [ref.remote_head for ref in repo.remote().refs]
        start = f"origin/{branch}" if branch in remote else f"origin/{base}"
        repo.git.checkout("-B", branch, start)
        for path, content in files.items():
            target = Path(tmp) / _inside(path)
            if content is None:
                if target.exists():
                    repo.index.remove([path], working_tree=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            repo.index.add([path])
        sha = _commit(settings, repo, message, author or Identity.of_platform(settings))
        _push(settings, repo, f"HEAD:refs/heads/{branch}", slug)
        return sha


def write_wiki_page(
    settings: GiteaSettings, owner: str, name: str, *, title: str, content: str, message: str
) -> str:
    """Create or replace a wiki page through the wiki's git repository."""
    slug = f"{owner}/{name}.wiki"
    _check_writable(settings, slug)
    with tempfile.TemporaryDirectory(prefix="ga-wiki-") as tmp:
        repo = clone(settings, slug, Path(tmp))
        if not repo.head.is_valid():
            repo.git.checkout("-b", WIKI_BRANCH)
        page = wiki_file(title)
        (Path(tmp) / page).write_text(content, encoding="utf-8")
        repo.index.add([page])
        sha = _commit(settings, repo, message, Identity.of_platform(settings))
        _push(settings, repo, f"HEAD:refs/heads/{WIKI_BRANCH}", slug)
        return sha
