"""The coder's plan and its reading of a review comment: two small steps a small model can do.

The plan is bounded prose (a few short lines, ``coder_plan``), recorded and shown in the pull
request; the follow-up question is a yes/no (``coder_follow_up``). The task, the comment and the
file list reach the model fenced as data.
"""

from __future__ import annotations

from knowledge_sources.coder.work import CodeWork
from knowledge_sources.models.choices import yes_no
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.source import Context

PLAN_TOKENS = 160
PLAN_LINES = 5
LISTED_FILES = 80


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
