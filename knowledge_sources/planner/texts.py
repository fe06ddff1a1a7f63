"""The texts a plan puts into the world: the plan record, a step's issue, the tracking issue's
checklist and the note that says the goal is done. Plain markdown, built from the plan's typed
steps (the goal's title appears as data, quoted, never as markup that links or mentions)."""

from __future__ import annotations

from blackboard.models import Entry
from knowledge_sources.planner.plan import Plan, Step
from knowledge_sources.planner.state import PlanState, StepState

TITLE_CHARS = 240


def quoted(title: str) -> str:
    """A title inside quotes on one line, without characters that make links or mentions."""
    one_line = " ".join(title.split()).replace("@", "@\u200b").replace("#", "#\u200b")
    return f'"{one_line[:TITLE_CHARS]}"'


def _waits(step: Step) -> str:
    return f"; waits for step {step.depends_on}" if step.depends_on else ""


def plan_body(goal: Entry, plan: Plan, planner: str) -> str:
    """The plan record: the steps, who does each, what done means, what each waits for, and
    every decision with its options (what the web view shows of the record)."""
    lines = [
        f"Plan for the goal {quoted(goal.title)} (board entry {goal.id}), made by {planner} "
        f"in {len(plan.steps)} steps.",
        "",
    ]
    for step in plan.steps:
        lines.append(f"{step.number}. **{step.title}** ({step.agent}{_waits(step)})")
        lines.append(f"   {step.done_means}")
    lines += ["", "## Decisions", ""]
    for d in plan.decisions:
        options = ", ".join(d.options)
        lines.append(f"- {d.decision}: **{d.chosen}** (options: {options}); {d.reason}")
    return "\n".join(lines)


def step_issue_body(goal: Entry, step: Step, total: int, planner: str) -> str:
    """A step's Gitea issue."""
    return "\n".join(
        [
            step.done_means,
            "",
            f"Step {step.number} of {total} of the plan for the goal {quoted(goal.title)} "
            f"(board entry {goal.id}). Assigned to {step.agent}{_waits(step)}.",
            "",
            f"Planned by {planner}; the tracking issue is ticked when this step's task is done.",
        ]
    )


def _line(state: StepState) -> str:
    step = state.step
    box = "x" if state.status == "done" else " "
    ref = f"#{state.issue.number} " if state.issue and state.issue.number else ""
    note = ""
    if state.status == "failed":
        note = " — failed: see its task on the board"
    elif state.status == "waiting" and step.depends_on:
        note = f" — waits for step {step.depends_on}"
    return f"- [{box}] {ref}{step.title} ({step.agent}){note}"


def tracking_body(state: PlanState) -> str:
    """The tracking issue: a checklist linking every step's issue, ticked as steps finish."""
    done = sum(1 for s in state.steps if s.status == "done")
    lines = [
        f"Tracking the goal {quoted(state.goal.title)} (board entry {state.goal.id}): "
        f"{done} of {len(state.steps)} steps done.",
        "",
        *(_line(s) for s in state.steps),
        "",
        f"{state.record.author} ticks a box when the step's task is done and closes this issue "
        "when every step is.",
    ]
    return "\n".join(lines)


def done_note(state: PlanState) -> str:
    """The note that tells the person who posted the goal that it is done."""
    lines = [
        f"The goal {quoted(state.goal.title)} is done: all {len(state.steps)} steps of its plan "
        "are finished.",
        "",
    ]
    for s in state.steps:
        ref = f" (#{s.issue.number})" if s.issue and s.issue.number else ""
        lines.append(f"- {s.step.title}{ref}: {s.step.agent}")
    if state.tracking is not None and state.tracking.number:
        lines += ["", f"Tracking issue: #{state.tracking.number} in {state.repo}."]
    return "\n".join(lines)
