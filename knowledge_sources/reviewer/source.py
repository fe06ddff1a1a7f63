"""The reviewer's contribute step: one task per opened or updated pull request.

It reads the pull request's head and diff from Gitea (``Context.gitea``, read-only), decides
whether to review (``history.plan``: not twice at one head unless a person asks; a new head
from the last reviewed one on, ``since.changed_since``), cuts the diff in pieces within the
model's budget (``diff.cut``), reads the file around each piece at the head and what the board
knows (``knowledge.background``), decides per piece and then the verdict (``decide``), and
returns: one ``gitea.review.create`` action (``gitea.review.approve`` when the verdict is
approve, which is offered only to a soul with the ``approve`` right) with the line comments,
and the review record (a ``contribution`` tagged ``review``; ``meta.decisions`` lists every
decision with its options and reason, ``meta.head_sha`` the head it read). Rights and the
target repository are checked when the contribution is applied: a soul without the ``review``
right has its task refused, and the task's error says so. Any other entry its triggers bring
is the generalist's work.
"""

from __future__ import annotations

from typing import Any

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind, LinkKind
from blackboard.schemas.entries import EntryIn
from knowledge_sources.contributions import Contribution, Decision, LinkSpec, NewAction, NewEntry
from knowledge_sources.generalist import GeneralistSource
from knowledge_sources.prompts.origins import entry_origin
from knowledge_sources.reviewer.decide import APPROVE, Review, Reviewer, Subject
from knowledge_sources.reviewer.diff import Piece, cut
from knowledge_sources.reviewer.history import RECORD_TAG, Plan, last_record, plan
from knowledge_sources.reviewer.knowledge import background
from knowledge_sources.reviewer.render import comment_body, event, review_body
from knowledge_sources.reviewer.since import changed_since
from knowledge_sources.souls import Soul
from knowledge_sources.souls.schema import Action
from knowledge_sources.source import Context

NOT_NOW = "not reviewed"
MAX_PIECES = 24
"""The most pieces of a diff one review asks the model about; the rest are named as skipped."""
DEFAULT_CONTEXT_TOKENS = 4096


def budget_of(soul: Soul) -> int:
    """Characters of diff per piece: about a quarter of the model's context (``num_ctx`` in
    the soul's model options, else 4096 tokens) at three characters a token."""
    tokens = soul.model.options.get("num_ctx", DEFAULT_CONTEXT_TOKENS)
    size = int(tokens) if isinstance(tokens, int | float) else DEFAULT_CONTEXT_TOKENS
    return min(max(size * 3 // 4, 1200), 12_000)


class ReviewerSource:
    """Reviews a pull request (or its new commits) with line comments and a verdict."""

    def __init__(self, soul: Soul) -> None:
        self.soul = soul

    async def contribute(self, context: Context, entry: Entry | None) -> list[Contribution]:
        if entry is None or not _is_pull(entry):
            return await GeneralistSource(self.soul).contribute(context, entry)
        if context.gitea is None:
            return [
                Decision(
                    NOT_NOW,
                    "no Gitea is configured for the team, and the reviewer reads the diff from "
                    "Gitea's API: set GA_GITEA_URL, GA_GITEA_TOKEN and GA_GITEA_ALLOW",
                )
            ]
        api, repo, number = context.gitea, str(entry.meta["repo"]), int(entry.meta["number"])
        owner, name = repo.split("/", 1)
        await context.report("reading the pull request")
        head = str(((await api.pull(owner, name, number)).get("head") or {}).get("sha") or "")
        todo = await plan(context.board, entry, head, context.task, frozenset(context.teammates))
        if not todo.go:
            return [Decision(NOT_NOW, todo.why)]
        why, only = todo.why, None
        if todo.since:
            only = await changed_since(
                api, repo, todo.since, head, await api.pull_files(owner, name, number)
            )
            if only is None:
                why += f"; {todo.since[:12]} is gone, so all of it is reviewed again"
        budget = budget_of(self.soul)
        pieces = cut(
            await api.pull_diff(owner, name, number),
            budget=budget,
            max_pieces=MAX_PIECES,
            only=only,
        )
        if not pieces.pieces and not pieces.skipped:
            return [Decision(NOT_NOW, f"{why}: no added lines to review")]
        await context.report("reading what the board knows")
        record = await last_record(context.board, entry.id)
        known = await background(context.board, entry, record, budget // 2)
        reviewer = Reviewer(
            context.model,
            context.patterns,
            self.soul.personality,
            Subject(entry.title, entry_origin(entry), f"diff of {repo} pull request #{number}"),
            known,
            budget,
        )
        files: dict[str, str | None] = {}
        for index, piece in enumerate(pieces.pieces, 1):
            await context.report(f"reviewing piece {index} of {len(pieces.pieces)}")
            if piece.path not in files:
                files[piece.path] = await _head_file(api, owner, name, number, piece.path, head)
            await reviewer.piece(piece, files[piece.path])
        read = [p.where for p in pieces.pieces]
        await reviewer.verdict(f"{len(read)} piece(s) of the diff", self.soul.may(Action.APPROVE))
        body = review_body(
            soul=self.soul.name,
            head=head,
            why=why,
            verdict=reviewer.review.verdict,
            comments=reviewer.review.comments,
            read=read,
            skipped=pieces.skipped,
        )
        return _contributions(
            entry, head, todo, why, body, reviewer.review, pieces.pieces, pieces.skipped
        )


def _is_pull(entry: Entry) -> bool:
    meta = entry.meta
    return (
        entry.kind == EntryKind.GITEA_PULL
        and isinstance(meta.get("repo"), str)
        and "/" in meta["repo"]
        and isinstance(meta.get("number"), int)
    )


async def _head_file(
    api: GiteaAPI, owner: str, name: str, number: int, path: str, head: str
) -> str | None:
    """The file at the pull request's head, or ``None`` when it cannot be read as text."""
    try:
        return await api.pull_head_file(owner, name, number, path, head_sha=head)
    except (GiteaError, ValueError):
        return None


def _contributions(
    entry: Entry,
    head: str,
    todo: Plan,
    why: str,
    body: str,
    review: Review,
    pieces: list[Piece],
    skipped: list[str],
) -> list[Contribution]:
    repo, number = str(entry.meta["repo"]), int(entry.meta["number"])
    payload: dict[str, Any] = {
        "index": number,
        "body": body,
        "commit_id": head,
        "comments": [
            {"path": c.path, "body": comment_body(c), "new_position": c.line}
            for c in review.comments
        ],
    }
    approve = review.verdict == APPROVE
    if not approve:
        payload["event"] = event(review.verdict)
    return [
        NewEntry(
            entry=EntryIn(
                kind=EntryKind.CONTRIBUTION,
                title=f"Review of {repo}#{number} at {head[:12]}"[:500],
                body=body,
                parent_id=entry.id,
                tags=[RECORD_TAG, f"repo:{repo}"[:100]],
                meta={
                    "pull": entry.id,
                    "repo": repo,
                    "number": number,
                    "head_sha": head,
                    "since": todo.since,
                    "why": why,
                    "verdict": review.verdict,
                    "comments": [
                        {"path": c.path, "line": c.line, "quote": c.quote, "text": c.text}
                        for c in review.comments
                    ],
                    "read": [p.where for p in pieces],
                    "skipped": skipped,
                    "decisions": [d.as_meta() for d in review.decisions],
                },
            ),
            links=(LinkSpec(kind=LinkKind.REFINES, target_id=entry.id),),
        ),
        NewAction(
            kind="gitea.review.approve" if approve else "gitea.review.create",
            key=f"review:{head[:12]}",
            target=repo,
            payload=payload,
        ),
    ]
