"""Following a plan: what the planner does each time control wakes it on the plan record (a
step's task ended, the step issues or the tracking issue were made).

From the plan's state (``state.read_state``) it works out, without the model:
- a task for each step that has none yet and whose dependency is done;
- where the goal names a repository: the tracking issue once every step issue is settled (a
  checklist linking them by number), then an edit whenever the checklist (ticks, links) or its
  state (closed when every step is done) differs from what it last said, one edit at a time
  (the outbox runs actions side by side: two edits in flight could land in either order);
- when every step is done and the goal is not yet: the goal marked ``done`` and a note that
  ``answers`` it (the Telegram bots reply to that in the chat the goal came from; the web view
  and the CLI show the goal's status), plus a comment on the Gitea issue the goal came from.
Nothing to do is a ``Decision`` saying where the plan stands.
"""

from __future__ import annotations

import hashlib

from blackboard.models.vocabulary import EntryKind, EntryStatus, LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import (
    Contribution,
    Decision,
    LinkSpec,
    NewAction,
    NewEntry,
    SetStatus,
)
from knowledge_sources.planner.publish import step_task
from knowledge_sources.planner.state import ISSUE_CREATE, ISSUE_EDIT, TRACKING_ROLE, PlanState
from knowledge_sources.planner.texts import done_note, quoted, tracking_body

DONE_TAG = "plan-done"
NOTHING = "nothing to update"


def follow(state: PlanState, priority: float) -> list[Contribution]:
    """The contributions that bring the board and Gitea in line with the plan's state."""
    out: list[Contribution] = []
    for s in state.steps:
        ready = s.step.depends_on is None or state.status_of(s.step.depends_on) == "done"
        if s.status == "waiting" and ready and s.entry_id is not None:
            out.append(step_task(s.step, state.goal, priority, entry_id=s.entry_id))
    if state.repo:
        out += _tracking(state, state.repo)
    if state.all_done and state.goal.status != EntryStatus.DONE:
        out += _goal_done(state)
    if not out:
        counts = {s.status for s in state.steps}
        where = ", ".join(
            f"{sum(1 for s in state.steps if s.status == c)} {c}" for c in sorted(counts)
        )
        out.append(Decision(NOTHING, f"plan {state.record.id}: {where}"))
    return out


def _tracking(state: PlanState, repo: str) -> list[Contribution]:
    body = tracking_body(state)
    if state.tracking is None:
        if not all(s.issue is not None and s.issue.settled for s in state.steps):
            return []  # the step issues are still being made: link them once they exist
        return [
            NewAction(
                kind=ISSUE_CREATE,
                key="tracking",
                target=repo,
                payload={
                    "title": f"Plan: {' '.join(state.goal.title.split())}"[:255],
                    "body": body,
                    "plan": state.record.id,
                    "role": TRACKING_ROLE,
                },
            )
        ]
    if state.tracking.number is None or state.editing:
        return []  # not made yet, or an edit on its way: control wakes the planner after it
    wanted = (body, "closed" if state.all_done else "open")
    if wanted == state.said:
        return []
    digest = hashlib.sha256("\n".join(wanted).encode()).hexdigest()[:16]
    return [
        NewAction(
            kind=ISSUE_EDIT,
            key=f"tracking:{digest}",
            target=repo,
            payload={"index": state.tracking.number, "body": wanted[0], "state": wanted[1]},
        )
    ]


def _goal_done(state: PlanState) -> list[Contribution]:
    goal = state.goal
    note = done_note(state)
    out: list[Contribution] = [
        SetStatus(goal.id, EntryStatus.DONE),
        NewEntry(
            entry=EntryIn(
                kind=EntryKind.CONTRIBUTION,
                title=f"Goal done: {goal.title}"[:500],
                body=note,
                parent_id=goal.id,
                tags=[DONE_TAG, f"goal:{goal.id}"],
                meta={"goal": goal.id, "plan": state.record.id},
            ),
            links=(LinkSpec(kind=LinkKind.ANSWERS, target_id=goal.id),),
        ),
    ]
    issue = goal.meta.get("issue")
    if state.repo and isinstance(issue, int) and goal.meta.get("repo") == state.repo:
        out.append(
            NewAction(
                kind="gitea.comment.create",
                key="goal-done",
                target=state.repo,
                payload={"index": issue, "body": f"Done: {quoted(goal.title)}.\n\n{note}"},
            )
        )
    return out
