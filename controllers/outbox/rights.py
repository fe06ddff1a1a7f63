"""Who may ask the outbox for what: the right each action kind needs, and each principal's rights.

An action's ``agent`` is its principal. A loaded soul acts with its ``actions:`` rights; a name in
``GA_OUTBOX_HUMAN_PRINCIPALS`` (default ``human``) acts under the human role
(``GA_OUTBOX_HUMAN_RIGHTS``); any other name has no rights at all. The executor checks every
action here before claiming it; ``POST /actions`` and agents' contributions check here first,
so a refusal comes early with the same reason.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from blackboard.errors import BoardError
from controllers.outbox.settings import DEFAULT_HUMAN_RIGHTS, OutboxSettings
from knowledge_sources.souls import Soul

RIGHT_FOR_KIND = {
    "gitea.issue.create": "open_issue",
    "gitea.issue.edit": "close_issue",
    "gitea.comment.create": "comment",
    "gitea.comment.edit": "comment",
    "gitea.labels.add": "label",
    "gitea.assignees.set": "assign",
    "gitea.pull.create": "open_pr",
    "gitea.review.create": "review",
    "gitea.review.approve": "approve",
    "gitea.file.commit": "push_branch",
    "gitea.wiki.write": "wiki",
    "gitea.wiki.git": "wiki",
}


class RightsError(BoardError):
    """A principal asked for an action it has no right to (or is nobody we know)."""


def right_for(kind: str) -> str | None:
    """The right ``kind`` needs; ``telegram.*`` needs ``telegram``; unknown kinds need one
    nobody has (``None``), so they are refused."""
    if kind.startswith("telegram."):
        return "telegram"
    return RIGHT_FOR_KIND.get(kind)


def check_right(principal: str, rights: Collection[str] | None, kind: str) -> None:
    """Raise ``RightsError`` unless ``rights`` (``None``: an unknown principal) allow ``kind``."""
    if rights is None:
        raise RightsError(f"{principal!r} is neither a soul nor a human principal; nothing is done")
    right = right_for(kind)
    if right is None or right not in rights:
        raise RightsError(f"{principal} may not take action {kind!r} (needs the right {right!r})")


@dataclass(frozen=True)
class Principals:
    """The souls and the human role: the rights of every name an action may carry."""

    souls: Mapping[str, Soul]
    humans: frozenset[str] = frozenset({"human"})
    human_rights: frozenset[str] = field(default=frozenset(str(a) for a in DEFAULT_HUMAN_RIGHTS))

    def rights_of(self, principal: str) -> frozenset[str] | None:
        """A soul's rights, the human role's for a human principal, ``None`` for anyone else."""
        soul = self.souls.get(principal)
        if soul is not None:
            return frozenset(str(a) for a in soul.actions)
        if principal in self.humans:
            return self.human_rights
        return None

    def check(self, principal: str, kind: str) -> None:
        """Raise ``RightsError`` unless ``principal`` may take an action of ``kind``."""
        check_right(principal, self.rights_of(principal), kind)


def principals(souls: Mapping[str, Soul], settings: OutboxSettings | None = None) -> Principals:
    """The principals of a deployment: ``souls`` and the configured human role."""
    settings = settings or OutboxSettings()
    return Principals(
        souls=dict(souls),
        humans=frozenset(settings.human_principals),
        human_rights=frozenset(str(a) for a in settings.human_rights),
    )
