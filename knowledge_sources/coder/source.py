"""The coder's contribute step: plan -> edits -> gate -> own review -> commit and pull request.

The work (``work.py``) is a ``task`` entry, a Gitea issue labelled for the coder, or a person's
comment on a pull request it opened. On the task's checkout (``Context.checkout``: a clone on
the task's branch; a follow-up moves it onto the pull request's branch) the model writes a
short plan, then drives the workbench's tools (``run_tool_loop``), each edit gated by the parse
check and the repository's checks in the sandbox (``repo_checks.py``). The whole change passes
the gate once more and the model reviews its own diff (yes/no) before ``publish`` turns it into
the commit and the pull request (a follow-up adds a commit to the same pull request and opens
none). Whenever it cannot finish — no model answer it can use, the tools not driven to
``done``, no change, a failing gate, a diff its review rejects — it commits nothing and says
why in the task's ``Decision``.
"""

from __future__ import annotations

import asyncio

import git

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.coder.follow_up import FollowUpError, onto_branch
from knowledge_sources.coder.plan import asks_for_change, diff_does_the_task, write_plan
from knowledge_sources.coder.repo_checks import ChecksError, repository_gate
from knowledge_sources.coder.work import CodeWork, find_work
from knowledge_sources.contributions import Contribution, Decision, LinkSpec, NewAction, NewEntry
from knowledge_sources.models.errors import ModelError
from knowledge_sources.models.failure import unusable_reason
from knowledge_sources.souls import Soul
from knowledge_sources.source import Context
from knowledge_sources.workbench.checkout import CheckoutProvider
from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.gate import GateResult, trim
from knowledge_sources.workbench.publish import publish
from knowledge_sources.workbench.sandbox_settings import SandboxSettings
from knowledge_sources.workbench.tool_loop import LoopOutcome, run_tool_loop
from knowledge_sources.workbench.workbench import Workbench
from knowledge_sources.workbench.workspace import Workspace

NOT_CODED = "no change"
MAX_TOOL_CALLS = 16
REPORT_CHARS = 1200


class CoderSource:
    """Turns a task into a gated commit on a branch and a pull request."""

    KINDS = frozenset({EntryKind.TASK, EntryKind.GITEA_ISSUE, EntryKind.GITEA_COMMENT})
    """What it works on: tasks, issues labelled for it, comments on its pull requests."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        work = await find_work(context, entry)
        if isinstance(work, str):
            return [Decision(NOT_CODED, work)]
        if context.checkout is None:
            return [
                Decision(NOT_CODED, "no Gitea is configured (GA_GITEA_URL): nothing to check out")
            ]
        if context.sandbox is None:
            return [Decision(NOT_CODED, "this worker has no sandbox settings to run checks in")]
        try:
            return await self._code(context, work, context.checkout, context.sandbox)
        except ModelError as exc:
            why = unusable_reason(exc, context.model.name)
            return [Decision(NOT_CODED, f"{why}; nothing was committed")]
        except (ChecksError, FollowUpError, WorkbenchError) as exc:
            return [Decision(NOT_CODED, f"{exc}; nothing was committed")]

    async def _code(
        self,
        context: Context,
        work: CodeWork,
        provide: CheckoutProvider,
        sandbox: SandboxSettings,
    ) -> list[Contribution]:
        if work.branch and not await asks_for_change(context, work):
            return [Decision(NOT_CODED, f"the comment on #{work.pull} asks for no change")]
        await context.report(f"checking out {work.repo}")
        checkout = await provide(work.repo)
        if work.branch:
            checkout = await asyncio.to_thread(onto_branch, checkout, work.branch)
        await context.report("planning")
        plan = await write_plan(context, work, git.Repo(checkout.root).git.ls_files().splitlines())
        bench = Workbench(
            Workspace(checkout.root), repository_gate(checkout.root, sandbox), budget=context.budget
        )
        await context.report("editing")
        outcome = await run_tool_loop(
            context.model, bench, f"{work.text}\n\nPlan:\n{plan}", max_calls=MAX_TOOL_CALLS
        )
        changed = checkout.changed_files()
        refusal = _refusal(context, outcome, changed)
        if refusal:
            return [Decision(NOT_CODED, f"{refusal}; nothing was committed")]
        await context.report("running the gate")
        gate = await bench.gate.check(bench.workspace, sorted(changed))
        if not gate.passed:
            report = trim(gate.report, REPORT_CHARS)
            return [Decision(NOT_CODED, f"the gate failed ({gate.stage}): {report}")]
        await context.report("reviewing the diff")
        if not await diff_does_the_task(context, work, checkout.diff()):
            why = f"{context.model.name} reviewed its diff: it does not do what the task asks"
            return [Decision(NOT_CODED, f"{why}; nothing was committed")]
        await context.report("publishing")
        published = await publish(
            context,
            checkout,
            title=work.title,
            why=f"Asked in {work.origin}.\n\nPlan:\n{plan}",
            closes=work.closes,
            gate=gate,
            extra_body=f"### Plan\n\n{plan}",
        )
        if any(isinstance(c, Decision) for c in published):  # nothing to commit after all
            return published
        if work.branch:  # the same pull request shows the new commit: open none
            published = [c for c in published if not _opens_pull(c)]
            published += self._follow_up_comment(work, changed)
        return [_record(work, plan, outcome, gate, changed, context.model.name), *published]

    def _follow_up_comment(
        self, work: CodeWork, changed: dict[str, str | None]
    ) -> list[Contribution]:
        if not self.soul.may("comment") or work.pull is None:
            return []
        files = ", ".join(f"`{path}`" for path in sorted(changed))
        return [
            NewAction(
                kind="gitea.comment.create",
                key="follow-up",
                target=work.repo,
                payload={
                    "index": work.pull,
                    "body": f"Pushed a follow-up commit changing {files}.",
                },
            )
        ]


def _refusal(context: Context, outcome: LoopOutcome, changed: dict[str, str | None]) -> str:
    """Why the edits cannot be published ("" when they can)."""
    if not outcome.done:
        return f"{context.model.name} did not finish the edits within {outcome.calls} tool calls"
    if not changed:
        return f"{context.model.name} made no change"
    return ""


def _opens_pull(contribution: Contribution) -> bool:
    return isinstance(contribution, NewAction) and contribution.kind == "gitea.pull.create"


def _record(
    work: CodeWork,
    plan: str,
    outcome: LoopOutcome,
    gate: GateResult,
    changed: dict[str, str | None],
    model: str,
) -> NewEntry:
    files = sorted(changed)
    lines = [f"Plan:\n{plan}", f"Files: {', '.join(files)}", f"Gate: {gate.report}"]
    return NewEntry(
        entry=EntryIn(
            kind=EntryKind.CONTRIBUTION,
            title=f"Code change: {work.title}"[:500],
            body="\n\n".join(lines),
            parent_id=work.entry_id,
            tags=["code", f"repo:{work.repo}"[:100]],
            meta={
                "repo": work.repo,
                "files": files,
                "follow_up_of": work.pull,
                "tool_calls": outcome.calls,
                "failed_calls": outcome.failed_calls,
                "gate_failures": outcome.gate_failures,
                "decisions": [
                    {
                        "decision": "plan",
                        "options": [],
                        "chosen": plan,
                        "reason": f"{model} wrote it (bounded prose)",
                    },
                    {
                        "decision": "gate",
                        "options": ["passed", "failed"],
                        "chosen": "passed",
                        "reason": gate.report,
                    },
                    {
                        "decision": "does the diff do the task?",
                        "options": ["yes", "no"],
                        "chosen": "yes",
                        "reason": f"{model} reviewed its own diff",
                    },
                ],
            },
        ),
        links=(LinkSpec(kind=LinkKind.DERIVED_FROM, target_id=work.entry_id),),
    )
