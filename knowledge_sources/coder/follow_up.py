"""A follow-up works on its pull request's branch: the task's checkout is moved onto it.

The checkout is reset to ``origin/<branch>`` (what the pull request holds now) and compared
from there, so the follow-up commit carries only the new change and goes on the same branch:
the same pull request shows it.
"""

from __future__ import annotations

import dataclasses

import git

from knowledge_sources.workbench.checkout import Checkout


class FollowUpError(RuntimeError):
    """The pull request's branch is not in the checkout (deleted, or never pushed)."""


def onto_branch(checkout: Checkout, branch: str) -> Checkout:
    """``checkout`` on ``branch`` as the remote has it; changes are counted from its head."""
    repo = git.Repo(checkout.root)
    ref = f"origin/{branch}"
    if ref not in {r.name for r in repo.remote().refs}:
        raise FollowUpError(f"branch {branch} is not on the remote any more (deleted or merged)")
    repo.git.checkout("--force", "-B", checkout.branch, ref)
    repo.git.clean("-fdq")
    return dataclasses.replace(checkout, branch=branch, base_sha=repo.commit(ref).hexsha)
