"""The commit message a model writes from a diff: a conventional first line and a body saying why.

The type is a constrained choice among ``COMMIT_TYPES`` (pattern ``publish_commit_type``); the
subject (``publish_commit_subject``) and the body (``publish_commit_body``) are short, bounded
prose, cleaned here: one line, no prefix or quotes, cut at a word under the length limit; lines
echoing the prompt's fences and looping text are dropped. An empty answer falls back to the
task's title and reason, so a 135M model always yields a valid message. The diff and the reason
are untrusted text: they reach the model fenced.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.prompts.fence import Fence

PATTERNS = ("publish_commit_type", "publish_commit_subject", "publish_commit_body")
"""The prompt patterns a commit message is written with (checked at start-up)."""
COMMIT_TYPES = ("feat", "fix", "docs", "refactor", "test", "perf", "build", "ci", "style", "chore")
MAX_FIRST_LINE = 72
MAX_BODY_CHARS = 1200
_PREFIX = re.compile(r"^\s*[a-z]+(\([^)]*\))?!?:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class CommitMessage:
    """``type: subject``, a blank line, the body."""

    type: str
    subject: str
    body: str

    def text(self) -> str:
        return f"{self.type}: {self.subject}\n\n{self.body}".rstrip() + "\n"


def _without_echo(text: str, prompt: str = "") -> str:
    """``text`` without the lines that echo the prompt (its fences, its headings and sentences:
    a small model copies them)."""
    said = prompt.lower()
    lines = {ln.strip(" #*-") for ln in said.splitlines()}

    def echo(line: str) -> bool:
        bare = line.strip(" #*-").lower()
        copied = bare in lines or (len(bare) > 20 and bare in said)
        return "<<<" in line or ">>>" in line or (bool(bare) and copied)

    return "\n".join(ln for ln in text.splitlines() if not echo(ln))


def _degenerate(text: str) -> bool:
    """Whether ``text`` is a loop (a small model repeating a phrase), not prose."""
    words = text.lower().split()
    return len(words) >= 20 and len(set(words)) < len(words) * 0.35


def clean_subject(text: str, limit: int, prompt: str = "") -> str:
    """The first line of ``text`` that does not echo ``prompt`` as a subject: no type prefix,
    quotes or final stop, at most ``limit`` characters (cut at a word)."""
    line = next((ln for ln in _without_echo(text, prompt).splitlines() if ln.strip()), "")
    quotes = " \"'`*#"
    line = _PREFIX.sub("", " ".join(line.split()).strip(quotes)).strip(quotes).rstrip(".").strip()
    return textwrap.shorten(line, width=limit, placeholder="") if line else ""


def clean_body(text: str, prompt: str = "") -> str:
    """Paragraphs of ``text`` wrapped at 72 columns, at most ``MAX_BODY_CHARS`` characters,
    without the lines that echo ``prompt``; empty when nothing else is left or the text loops."""
    usable = _without_echo(text, prompt)
    if _degenerate(usable):
        return ""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", usable.strip())]
    body = "\n\n".join(p for p in paragraphs if p)
    if len(body) > MAX_BODY_CHARS:
        body = body[: body.rfind(" ", 0, MAX_BODY_CHARS)] + " ..."
    return "\n\n".join(textwrap.fill(p, 72) for p in body.split("\n\n"))


async def write_commit_message(
    model: ModelProvider, patterns: Patterns, *, diff: str, why: str, title: str
) -> CommitMessage:
    """A commit message for ``diff``, made for ``why`` (the task's reason) and ``title``."""
    fence = Fence()
    fenced_diff = fence.wrap(diff, source="the task's change", label="diff")
    fenced_why = fence.wrap(why, source="the task", label="why")
    fenced_title = fence.wrap(title, source="the task", label="title")

    kind = patterns.get("publish_commit_type")
    commit_type = await model.choose(
        kind.render_user(why=fenced_why, diff=fenced_diff),
        COMMIT_TYPES,
        system=f"{kind.system}\n\n{fence.rule()}",
    )
    limit = MAX_FIRST_LINE - len(commit_type) - 2
    subject_pattern = patterns.get("publish_commit_subject")
    system = f"{subject_pattern.system}\n\n{fence.rule()}"
    asked = subject_pattern.render_user(
        type=commit_type, title=fenced_title, why=fenced_why, diff=fenced_diff
    )
    subject = (
        clean_subject(
            await model.generate(asked, system=system, max_tokens=32), limit, f"{system}\n{asked}"
        )
        or clean_subject(title, limit)
        or "update files"
    )
    body_pattern = patterns.get("publish_commit_body")
    system = f"{body_pattern.system}\n\n{fence.rule()}"
    asked = body_pattern.render_user(subject=subject, why=fenced_why, diff=fenced_diff)
    body = clean_body(
        await model.generate(asked, system=system, max_tokens=200), f"{system}\n{asked}"
    ) or clean_body(why)
    return CommitMessage(commit_type, subject, body)
