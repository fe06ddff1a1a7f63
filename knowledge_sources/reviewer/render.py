"""The review as Gitea shows it: the body (verdict, what was read, what was skipped and why)
and the line comments, each quoting the line it is about from the diff."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge_sources.reviewer.decide import APPROVE, REQUEST_CHANGES, LineComment

EVENTS = {APPROVE: "APPROVED", REQUEST_CHANGES: "REQUEST_CHANGES"}
"""Verdict -> Gitea's review event (anything else: ``COMMENT``)."""
VERDICT_WORDS = {
    APPROVE: "approved",
    REQUEST_CHANGES: "changes requested",
}
MAX_LISTED = 20


def event(verdict: str) -> str:
    """Gitea's review event for a verdict."""
    return EVENTS.get(verdict, "COMMENT")


def comment_body(comment: LineComment) -> str:
    """The quoted line in a code block (its fence longer than any backtick run in it), then
    the comment."""
    runs = [len(r) for r in re.findall(r"`+", comment.quote)]
    ticks = "`" * max(3, max(runs, default=0) + 1)
    return f"{ticks}\n{comment.quote}\n{ticks}\n\n{comment.text}"


def review_body(
    *,
    soul: str,
    head: str,
    why: str,
    verdict: str,
    comments: Sequence[LineComment],
    read: Sequence[str],
    skipped: Sequence[str],
) -> str:
    """Markdown: who reviewed which head and why, the verdict, what was read and skipped."""
    lines = [
        f"Review by {soul} of {head[:12]} ({why}): "
        f"{VERDICT_WORDS.get(verdict, 'comments')}, {len(comments)} line comment(s)."
    ]
    lines.append(f"- Read: {_listed(read) if read else 'no added lines to comment on'}.")
    if skipped:
        lines.append(f"- Skipped: {_listed(skipped)}.")
    lines.append("")
    lines.append("Decided by constrained choice; each decision is on the board with its options.")
    return "\n".join(lines)


def _listed(items: Sequence[str]) -> str:
    shown = "; ".join(items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    return f"{shown}; and {more} more" if more > 0 else shown
