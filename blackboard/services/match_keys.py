"""The key of a task the control loop schedules for a match: one task per agent, entry and
version of the entry's text, so a changed entry (a pull request pushed to, or merged: both
change its mirrored text) is matched (and routed) afresh.

A knowledge source that finds its task's key naming an older version knows the entry changed
after the task was scheduled, and that the control loop has routed the new version already
(to it again, with a new task, or to another soul instead).
"""

from __future__ import annotations

from blackboard.models import Entry, Task


def match_key(agent: str, entry: Entry) -> str:
    """``agent:entry id:first 16 characters of the entry's content hash``."""
    return f"{agent}:{entry.id}:{(entry.content_hash or '')[:16]}"


def scheduled_for_older_version(task: Task, entry: Entry) -> bool:
    """Whether the control loop scheduled ``task`` for an earlier text of ``entry``."""
    key = task.dedupe_key or ""
    return key.startswith(f"{task.agent}:{entry.id}:") and key != match_key(task.agent, entry)
