"""Which soul right (``actions:`` in a soul) an outbox action kind needs."""

from __future__ import annotations

RIGHT_FOR_KIND = {
    "gitea.issue.create": "open_issue",
    "gitea.issue.edit": "close_issue",
    "gitea.comment.create": "comment",
    "gitea.comment.edit": "comment",
    "gitea.labels.add": "label",
    "gitea.assignees.set": "assign",
    "gitea.pull.create": "open_pr",
    "gitea.review.create": "review",
    "gitea.file.commit": "push_branch",
    "gitea.wiki.write": "wiki",
    "gitea.wiki.git": "wiki",
}


def right_for(kind: str) -> str | None:
    """The right ``kind`` needs; ``telegram.*`` needs ``telegram``; unknown kinds need one
    nobody has (``None``), so they are refused."""
    if kind.startswith("telegram."):
        return "telegram"
    return RIGHT_FOR_KIND.get(kind)
