"""What a new plan writes: its record, a task entry per step (with a task for its teammate when
it waits for nothing), and, where the goal names a repository, a Gitea issue per step.

Each step's entry is assigned (``meta.assigned_to``), so control leaves it to that teammate
instead of matching it against every trigger. The step issues' outbox keys are ``step:<n>``
(stable on retries) and their payloads name the plan record (``plan``, ``role``, ``step``), so
control can wake the planner once the outbox has made them: the tracking issue, which links
them by number, comes then (``progress``).
"""

from __future__ import annotations

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import Contribution, LinkSpec, NewAction, NewEntry, NewTask
from knowledge_sources.planner.plan import PLAN_TAG, STEP_TAG, Plan, Step
from knowledge_sources.planner.state import ISSUE_CREATE, STEP_ROLE
from knowledge_sources.planner.texts import plan_body, step_issue_body

PLAN_REF = "plan"


def step_task(
    step: Step, goal: Entry, priority: float, *, entry_ref: str = "", entry_id: int | None = None
) -> NewTask:
    """The task for the step's teammate (on its entry: by ``entry_ref`` now, by id later)."""
    return NewTask(
        reason=f"step {step.number} of the plan for goal {goal.id}: {step.title}"[:500],
        agent=step.agent,
        priority=priority,
        entry_id=entry_id,
        entry_ref=entry_ref,
    )


def publish(
    goal: Entry, repo: str | None, plan: Plan, planner: str, priority: float
) -> list[Contribution]:
    """The plan's contributions, record first (the others refer to it)."""
    out: list[Contribution] = [
        NewEntry(
            entry=EntryIn(
                kind=EntryKind.CONTRIBUTION,
                title=f"Plan for: {goal.title}"[:500],
                body=plan_body(goal, plan, planner),
                parent_id=goal.id,
                tags=[PLAN_TAG, f"goal:{goal.id}"],
                meta={
                    "goal": goal.id,
                    **({"repo": repo} if repo else {}),
                    "steps": [s.as_meta() for s in plan.steps],
                    "decisions": [d.as_meta() for d in plan.decisions],
                },
            ),
            links=(LinkSpec(kind=LinkKind.REFINES, target_id=goal.id),),
            ref=PLAN_REF,
        )
    ]
    for step in plan.steps:
        ref = f"step:{step.number}"
        out.append(
            NewEntry(
                entry=EntryIn(
                    kind=EntryKind.TASK,
                    title=step.title[:500],
                    body=f"{step.done_means}\n\nStep {step.number} of the plan for goal "
                    f"{goal.id} ({goal.title[:200]}).",
                    parent_id=goal.id,
                    tags=[STEP_TAG, f"goal:{goal.id}"],
                    meta={
                        "goal_id": goal.id,
                        "plan_step": step.number,
                        "assigned_to": step.agent,
                        "done_means": step.done_means,
                        **({"depends_on": step.depends_on} if step.depends_on else {}),
                        **({"repo": repo} if repo else {}),
                    },
                ),
                links=(LinkSpec(kind=LinkKind.DERIVED_FROM, target_id=goal.id),),
                ref=ref,
            )
        )
        if step.depends_on is None:
            out.append(step_task(step, goal, priority, entry_ref=ref))
        if repo:
            out.append(
                NewAction(
                    kind=ISSUE_CREATE,
                    key=ref,
                    target=repo,
                    payload={
                        "title": step.title[:255],
                        "body": step_issue_body(goal, step, len(plan.steps), planner),
                        "plan": f"{{ref:{PLAN_REF}}}",
                        "role": STEP_ROLE,
                        "step": step.number,
                    },
                )
            )
    return out
