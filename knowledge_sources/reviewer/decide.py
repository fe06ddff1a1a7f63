"""The reviewer's decisions, each by constrained choice and each recorded with its options.

Per piece of the diff the model answers ``fine`` or ``comment``; for a comment it picks the
line (one of the piece's added line numbers) and writes a short text, and the code quotes the
line from the diff. Last, the verdict: ``comment`` or ``request_changes``, and ``approve`` only
when the caller says the soul's rights allow it. The pull request, the diff, the file and the
board's background reach the model fenced as data; what it may answer is fixed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge_sources.decisions import Choice
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.reviewer.diff import Piece
from knowledge_sources.reviewer.knowledge import Known

FINE, COMMENT = "fine", "comment"
VERDICT_COMMENT, REQUEST_CHANGES, APPROVE = "comment", "request_changes", "approve"
PATTERNS = ("reviewer_piece", "reviewer_comment", "reviewer_verdict")
"""The prompt patterns the reviewer reads (checked at start-up)."""
COMMENT_CHARS = 500
"""A line comment's text is cut here (the pattern asks for three short sentences)."""
COMMENT_TOKENS = 160
AROUND_LINES = 10
"""Lines of the file at the head shown before and after a piece."""


@dataclass(frozen=True)
class LineComment:
    """A comment on line ``line`` of ``path`` (new file), quoting that line from the diff."""

    path: str
    line: int
    quote: str
    text: str


@dataclass
class Review:
    """What was decided for one pull request."""

    comments: list[LineComment] = field(default_factory=list)
    verdict: str = VERDICT_COMMENT
    decisions: list[Choice] = field(default_factory=list)


@dataclass(frozen=True)
class Subject:
    """The pull request as the prompts name it (title and origin are untrusted text)."""

    title: str
    origin: str
    diff_source: str


class Reviewer:
    """One review's model calls: ``piece`` per piece of the diff, then ``verdict``."""

    def __init__(
        self,
        model: ModelProvider,
        patterns: Patterns,
        personality: str,
        subject: Subject,
        known: Sequence[Known],
        budget: int,
    ) -> None:
        self.model = model
        self.patterns = patterns
        self.personality = personality
        self.subject = subject
        self.known = known
        self.budget = budget
        self.review = Review()

    async def piece(self, piece: Piece, file_text: str | None) -> None:
        """Decide about one piece; a comment is added to the review."""
        fence = Fence()
        pattern = self.patterns.get("reviewer_piece")
        shown = self._diff(fence, piece)
        prompt = pattern.render_user(
            pull=self._pull(fence),
            background=self._background(fence),
            around=self._around(fence, piece, file_text),
            where=piece.where,
            diff=shown,
        )
        system = fence.system(f"{self.personality}\n\n{pattern.system}")
        options = [FINE, COMMENT]
        answer = await self.model.choose(prompt, options, system=system)
        read = "the piece, the file around it" if file_text is not None else "the piece"
        self._record(piece.where, options, answer, f"{self.model.name} read {read}")
        if answer == COMMENT:
            await self._comment(fence, piece, shown, system)

    async def verdict(self, read: str, may_approve: bool) -> str:
        """The review's verdict from its comments (``approve`` offered only if allowed)."""
        fence = Fence()
        pattern = self.patterns.get("reviewer_verdict")
        options = [VERDICT_COMMENT, REQUEST_CHANGES] + ([APPROVE] if may_approve else [])
        listing = "\n".join(f"- {c.path} line {c.line}: {c.text}" for c in self.review.comments)
        prompt = pattern.render_user(
            pull=self._pull(fence),
            read=read,
            comments=fence.wrap(listing, source="this review", label="its line comments")
            if listing
            else "(none)",
            options=", ".join(options),
        )
        system = fence.system(f"{self.personality}\n\n{pattern.system}")
        answer = await self.model.choose(prompt, options, system=system)
        why = f"{self.model.name} weighed {len(self.review.comments)} line comment(s)"
        if not may_approve:
            why += "; approve not offered: the soul has no 'approve' right"
        self._record("verdict", options, answer, why)
        self.review.verdict = answer
        return answer

    async def _comment(self, fence: Fence, piece: Piece, shown: str, system: str) -> None:
        targets = {str(t.new): t for t in piece.targets}
        options = list(targets)
        chosen = options[0]
        if len(options) > 1:
            listing = fence.wrap(
                "\n".join(f"{t.new}: {t.text}" for t in piece.targets),
                source=self.subject.diff_source,
                label=f"the added lines of {piece.where}",
            )
            chosen = await self.model.choose(
                f"The added lines of {piece.where}:\n{listing}\n\n"
                "Which line does the review comment belong on? Answer with its number.",
                options,
                system=system,
            )
            self._record(
                f"line in {piece.where}", options, chosen, f"{self.model.name} placed the comment"
            )
        line = targets[chosen]
        pattern = self.patterns.get("reviewer_comment")
        quote = fence.wrap(line.text, source=self.subject.diff_source, label=f"line {chosen}")
        text = await self.model.generate(
            pattern.render_user(
                where=piece.where, diff=shown, line=chosen, path=piece.path, quote=quote
            ),
            system=fence.system(f"{self.personality}\n\n{pattern.system}"),
            max_tokens=COMMENT_TOKENS,
        )
        text = " ".join(text.split())[:COMMENT_CHARS]
        if text:
            self.review.comments.append(LineComment(piece.path, line.new or 0, line.text, text))

    def _record(self, decision: str, options: list[str], chosen: str, reason: str) -> None:
        self.review.decisions.append(Choice(decision, options, chosen, reason))

    def _pull(self, fence: Fence) -> str:
        return fence.wrap(self.subject.title, source=self.subject.origin, label="its title")

    def _diff(self, fence: Fence, piece: Piece) -> str:
        return fence.wrap(
            piece.shown(), source=self.subject.diff_source, label=piece.where, limit=self.budget
        )

    def _background(self, fence: Fence) -> str:
        parts = [fence.wrap(k.text, source=k.origin, label=k.label) for k in self.known]
        return "\n".join(parts) or "(nothing)"

    def _around(self, fence: Fence, piece: Piece, file_text: str | None) -> str:
        if file_text is None:
            return "(not read)"
        lines = file_text.splitlines()
        lo, hi = max(piece.first - 1 - AROUND_LINES, 0), min(piece.last + AROUND_LINES, len(lines))
        numbered = "\n".join(f"{n + 1:>5}   {lines[n]}" for n in range(lo, hi))
        return fence.wrap(
            numbered,
            source=f"{piece.path} at the pull request's head",
            label=f"lines {lo + 1}-{hi}",
            limit=self.budget // 2,
        )
