"""The coder's small thinking steps: the plan, reading a review comment, reviewing its diff.

The plan is bounded prose (a few short lines, ``coder_plan``), recorded and shown in the pull
request; whether a comment asks for a change (``coder_follow_up``) and whether its own diff does
what the task asks (``coder_review``) are yes/no. The task, the comment, the file list and the
diff reach the model fenced as data.
"""

from __future__ import annotations

from knowledge_sources.coder.work import CodeWork
from knowledge_sources.models.choices import yes_no
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.source import Context

PLAN_TOKENS = 160
PLAN_LINES = 5
LISTED_FILES = 80
DIFF_CHARS = 6000


async def write_plan(context: Context, work: CodeWork, files: list[str]) -> str:
    """At most ``PLAN_LINES`` short lines saying what to read, edit and check."""
    pattern = context.patterns.get("coder_plan")
    fence = Fence()
    listed = files[:LISTED_FILES] + (
        [f"... {len(files) - LISTED_FILES} more"] * (len(files) > LISTED_FILES)
    )
    prompt = pattern.render_user(
        task=fence.wrap(work.text, source=work.origin, label="the task"),
        files=fence.wrap("\n".join(listed), source=f"files of {work.repo}", label="files"),
    )
    text = await context.model.generate(
        prompt,
        system=fence.system(f"{context.soul.personality}\n\n{pattern.system}"),
        max_tokens=PLAN_TOKENS,
    )
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:PLAN_LINES])


async def asks_for_change(context: Context, work: CodeWork) -> bool:
    """Whether the review comment of a follow-up asks for a change (yes/no)."""
    pattern = context.patterns.get("coder_follow_up")
    fence = Fence()
    return await yes_no(
        context.model,
        pattern.render_user(comment=fence.wrap(work.text, source=work.origin, label="comment")),
        system=fence.system(f"{context.soul.personality}\n\n{pattern.system}"),
    )


async def diff_does_the_task(context: Context, work: CodeWork, diff: str) -> bool:
    """Whether the model, reviewing its own diff, says it does the task (yes/no)."""
    pattern = context.patterns.get("coder_review")
    fence = Fence()
    return await yes_no(
        context.model,
        pattern.render_user(
            task=fence.wrap(work.text, source=work.origin, label="the task"),
            diff=fence.wrap(diff, source="written by the model", label="diff", limit=DIFF_CHARS),
        ),
        system=fence.system(f"{context.soul.personality}\n\n{pattern.system}"),
    )
