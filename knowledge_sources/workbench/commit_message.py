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


def _without_echo(text: str) -> str:
    """``text`` without the lines that echo the prompt's fences (a small model copies them)."""
    return "\n".join(ln for ln in text.splitlines() if "<<<" not in ln and ">>>" not in ln)


def _degenerate(text: str) -> bool:
    """Whether ``text`` is a loop (a small model repeating a phrase), not prose."""
    words = text.lower().split()
    return len(words) >= 20 and len(set(words)) < len(words) * 0.35


def clean_subject(text: str, limit: int) -> str:
    """The first usable line of ``text`` as a subject: no type prefix, quotes or final stop, at
    most ``limit`` characters (cut at a word)."""
    line = next((ln for ln in _without_echo(text).splitlines() if ln.strip()), "")
    quotes = " \"'`*#"
    line = _PREFIX.sub("", " ".join(line.split()).strip(quotes)).strip(quotes).rstrip(".").strip()
    return textwrap.shorten(line, width=limit, placeholder="") if line else ""


def clean_body(text: str) -> str:
    """Paragraphs of ``text`` wrapped at 72 columns, at most ``MAX_BODY_CHARS`` characters;
    empty when the text echoes the prompt or loops."""
    usable = _without_echo(text)
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
    subject = (
        clean_subject(
            await model.generate(
                subject_pattern.render_user(
                    type=commit_type, title=fenced_title, why=fenced_why, diff=fenced_diff
                ),
                system=f"{subject_pattern.system}\n\n{fence.rule()}",
                max_tokens=32,
            ),
            limit,
        )
        or clean_subject(title, limit)
        or "update files"
    )
    body_pattern = patterns.get("publish_commit_body")
    body = clean_body(
        await model.generate(
            body_pattern.render_user(subject=subject, why=fenced_why, diff=fenced_diff),
            system=f"{body_pattern.system}\n\n{fence.rule()}",
            max_tokens=200,
        )
    ) or clean_body(why)
    return CommitMessage(commit_type, subject, body)
