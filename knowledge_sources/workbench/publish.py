"""From a task's checkout to a commit and a pull request, both as outbox actions.

``publish`` reads what changed (``Checkout.changed_files`` and ``diff``), checks the change
against the task's limits (``LimitReached`` stops the task: nothing is committed) and the gate
(a failing gate is committed only when the soul's ``git.commit_failing_gate`` allows it, and
the pull request says so), has the model write the commit message, and returns two
``NewAction``s: ``gitea.file.commit`` (the branch, the files, the message, the soul's git
identity as author, and ``decisions``: the commit type chosen, with its options) and
``gitea.pull.create`` (title, a body linking the board task, ``Closes #n``, the gate's
result). Their keys (``commit``, ``pull``) are the same on every retry, and the
outbox finds its earlier commit and pull request by their markers, so a retried task never
pushes a duplicate commit or opens a second pull request.
"""

from __future__ import annotations

from knowledge_sources.contributions import Contribution, Decision, NewAction
from knowledge_sources.source import Context
from knowledge_sources.workbench.checkout import Checkout
from knowledge_sources.workbench.commit_message import COMMIT_TYPES, write_commit_message
from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.gate import GateResult, trim
from knowledge_sources.workbench.task_limits import LimitReached, changed_lines

MAX_CHANGE_BYTES = 1_000_000
"""The most bytes of file content one commit action carries onto the board."""
MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 60_000


async def publish(
    context: Context,
    checkout: Checkout,
    *,
    title: str,
    why: str,
    closes: int | None = None,
    gate: GateResult | None = None,
    extra_body: str = "",
) -> list[Contribution]:
    """The outbox actions that commit the checkout's change and open its pull request."""
    files = checkout.changed_files()
    if not files:
        return [Decision("nothing to commit", f"the checkout of {checkout.repo} has no change")]
    diff = checkout.diff()
    context.budget.check_change(len(files), changed_lines(diff))
    _check_size(files)
    if gate is not None and not gate.passed and not context.soul.git.commit_failing_gate:
        return [
            Decision(
                "not committed: the gate fails",
                f"the {gate.stage} stage fails and the soul does not allow committing over a "
                f"failing gate (git.commit_failing_gate):\n{trim(gate.report, 1000)}",
            )
        ]
    await context.report("writing the commit message")
    message = await write_commit_message(
        context.model, context.patterns, diff=diff, why=why, title=title
    )
    name, email = context.soul.git_author()
    task = context.task
    commit = NewAction(
        kind="gitea.file.commit",
        key="commit",
        target=checkout.repo,
        payload={
            "branch": checkout.branch,
            "base": checkout.base,
            "files": files,
            "message": f"{message.text()}\nBoard-Task: {task.id}\n",
            "author": {"name": name, "email": email},
            "decisions": [
                {
                    "decision": "commit type",
                    "options": list(COMMIT_TYPES),
                    "chosen": message.type,
                    "reason": f"{context.model.name} chose it from the diff and the reason",
                }
            ],
        },
    )
    pull = NewAction(
        kind="gitea.pull.create",
        key="pull",
        target=checkout.repo,
        payload={
            "head": checkout.branch,
            "base": checkout.base,
            "title": " ".join(title.split())[:MAX_TITLE_CHARS] or message.subject,
            "body": pull_body(context, why=why, closes=closes, gate=gate, extra_body=extra_body),
        },
    )
    return [commit, pull]


def pull_body(
    context: Context,
    *,
    why: str,
    closes: int | None,
    gate: GateResult | None,
    extra_body: str,
) -> str:
    """The pull request's description: why, the board task, the issue it closes, the gate."""
    task = context.task
    origin = f" (entry #{task.entry_id})" if task.entry_id else ""
    lines = [why.strip(), "", f"Board task: #{task.id}{origin}, by {context.soul.name}."]
    if closes is not None:
        lines.append(f"Closes #{closes}")
    lines += ["", _gate_text(gate)]
    if extra_body.strip():
        lines += ["", extra_body.strip()]
    return "\n".join(lines)[:MAX_BODY_CHARS]


def _gate_text(gate: GateResult | None) -> str:
    if gate is None:
        return "Gate: not run for this change."
    if gate.passed:
        return f"Gate: passed ({gate.report})."
    return (
        f"Gate: **failed** at the {gate.stage} stage; committed anyway because this agent's "
        f"soul allows it.\n\n<details><summary>gate output</summary>\n\n```\n"
        f"{trim(gate.report, 3000)}\n```\n</details>"
    )


def _check_size(files: dict[str, str | None]) -> None:
    size = sum(len(text.encode()) for text in files.values() if text is not None)
    if size > MAX_CHANGE_BYTES:
        raise LimitReached(
            f"the change carries {size} bytes of files, over the {MAX_CHANGE_BYTES} one "
            "commit may carry; split it into smaller tasks"
        )
    if any(text is not None and "\x00" in text for text in files.values()):
        raise WorkbenchError("a changed file holds NUL bytes; only text files are committed")
