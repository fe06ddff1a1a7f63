"""What the platform may write: read-only mode, the allowlist, and branch rules.

Code never goes straight to the default branch or a protected branch: it arrives on a branch
and through a pull request.
"""

from __future__ import annotations

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.errors import WriteRefusedError
from blackboard.connectors.gitea.settings import GiteaSettings


def split_target(target: str) -> tuple[str, str]:
    """``owner/repo`` (anything after ``#`` ignored) -> (owner, repo)."""
    slug = target.split("#", 1)[0].strip()
    owner, _, name = slug.partition("/")
    if not owner or not name or "/" in name:
        raise WriteRefusedError(f"target {target!r} is not owner/repo")
    return owner, name


def check_write(settings: GiteaSettings, target: str) -> tuple[str, str]:
    """Refuse in read-only mode and outside the allowlist; returns (owner, repo)."""
    if settings.read_only:
        raise WriteRefusedError("read-only mode (GA_GITEA_READ_ONLY) turns every write off")
    owner, name = split_target(target)
    if not settings.allows(f"{owner}/{name}"):
        raise WriteRefusedError(f"{owner}/{name} is not in the allowlist (GA_GITEA_ALLOW)")
    return owner, name


async def check_branch(api: GiteaAPI, owner: str, name: str, branch: str) -> str:
    """Refuse the default branch and protected branches; returns the default branch."""
    repo = await api.repo(owner, name)
    default = str(repo.get("default_branch") or "")
    if branch == default:
        raise WriteRefusedError(
            f"{branch} is the default branch of {owner}/{name}; "
            "code goes on a branch and through a pull request"
        )
    if branch in await api.protected_branches(owner, name):
        raise WriteRefusedError(f"{branch} is a protected branch of {owner}/{name}")
    return default
