"""What a soul is: the typed, validated shape of one agent's file in ``souls/``.

The front matter fills every field except ``resume``, which is the markdown body: the agent's
skills and experience written like a résumé. Models read it to decide whether work fits the
agent, and the control component embeds ``skills_text`` to rate matches by similarity.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from blackboard.models.vocabulary import EntryKind
from knowledge_sources.models.config import ModelConfig
from knowledge_sources.souls.schedule import Schedule

_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_LOOKS_LIKE_TOKEN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{20,}$")


class Action(StrEnum):
    """Things an agent may do to the outside world (always through the outbox)."""

    COMMENT = "comment"
    """Comment on a Gitea issue or pull request."""
    LABEL = "label"
    """Add or remove labels on an issue or pull request."""
    ASSIGN = "assign"
    """Set an issue's assignee or milestone."""
    OPEN_ISSUE = "open_issue"
    """Open a new Gitea issue."""
    CLOSE_ISSUE = "close_issue"
    """Close an issue (for example as a duplicate)."""
    WIKI = "wiki"
    """Create or update a Gitea wiki page."""
    PUSH_BRANCH = "push_branch"
    """Create a branch and commit to it (never to a default or protected branch)."""
    OPEN_PR = "open_pr"
    """Open a pull request from an agent's branch."""
    REVIEW = "review"
    """Submit a pull-request review that comments or requests changes."""
    APPROVE = "approve"
    """Submit a review that approves a pull request (never implied by ``review``)."""
    TELEGRAM = "telegram"
    """Message the overseers through the agent's Telegram bot."""


class Trigger(BaseModel):
    """Which board entries wake the agent. Every listed condition must hold.

    ``kinds``: any of these entry kinds (empty: any kind). ``tags`` and ``labels``: the entry
    carries at least one of them (empty: no condition). ``paths``: a pull request changes a
    file matching one of these globs (``**/migrations/**``, ``*.sql``; the mirror's
    ``meta.files``). ``words``: the entry's title or body mentions one of these words or
    phrases (whole words, any case). ``min_similarity``: cosine similarity between the entry
    and the agent's ``skills_text`` must reach this (0 = no condition). ``instead_of``: souls
    that this trigger takes the entry from: when it admits an entry, they are not woken for it
    (a specialist before the generalist reviewer or researcher).
    """

    model_config = ConfigDict(extra="forbid")

    kinds: list[EntryKind] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    labels: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)
    min_similarity: float = Field(default=0.0, ge=0.0, le=1.0)
    instead_of: list[str] = Field(default_factory=list)

    def admits(
        self,
        kind: str,
        tags: set[str],
        labels: set[str],
        paths: Sequence[str] = (),
        text: str = "",
    ) -> bool:
        """Whether an entry passes the declarative part (all but similarity) of this trigger."""
        return self.why(kind, tags, labels, paths, text) is not None

    def why(
        self,
        kind: str,
        tags: set[str],
        labels: set[str],
        paths: Sequence[str] = (),
        text: str = "",
    ) -> str | None:
        """What admitted the entry, in words (``None``: this trigger does not admit it)."""
        if self.kinds and kind not in self.kinds:
            return None
        reasons = [f"{kind} is one of its kinds" if self.kinds else f"it takes any {kind}"]
        if self.tags:
            found = sorted(tags.intersection(self.tags))
            if not found:
                return None
            reasons.append(f"tagged {', '.join(found)}")
        if self.labels:
            found = sorted(labels.intersection(self.labels))
            if not found:
                return None
            reasons.append(f"labelled {', '.join(found)}")
        if self.paths:
            hit = next(((p, g) for p in paths for g in self.paths if glob_match(p, g)), None)
            if hit is None:
                return None
            reasons.append(f"changes {hit[0]} ({hit[1]})")
        if self.words:
            word = next((w for w in self.words if mentions(text, w)), None)
            if word is None:
                return None
            reasons.append(f"mentions {word!r}")
        return "; ".join(reasons)


def glob_match(path: str, pattern: str) -> bool:
    """``path`` matches ``pattern``: ``*`` within a folder, ``**/`` any folders (or none); a
    pattern without ``/`` matches the file name in any folder."""
    if "/" not in pattern:
        return fnmatch.fnmatchcase(PurePosixPath(path).name, pattern)
    regex = "".join(
        _GLOB_PARTS.get(part, re.escape(part)) for part in re.split(r"(\*\*/|\*\*|\*)", pattern)
    )
    return re.fullmatch(regex, path) is not None


_GLOB_PARTS = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*"}


def mentions(text: str, word: str) -> bool:
    """``text`` contains ``word`` (or a phrase) as whole words, in any case."""
    phrase = r"\s+".join(re.escape(w) for w in word.split())
    return bool(phrase) and re.search(rf"(?<!\w){phrase}(?!\w)", text, re.IGNORECASE) is not None


class Rounds(BaseModel):
    """How much slow, iterative work the agent does per task."""

    model_config = ConfigDict(extra="forbid")

    research: int = Field(default=1, ge=0, le=10, description="Search-and-read rounds.")
    refinement: int = Field(default=1, ge=0, le=10, description="Critique-and-revise rounds.")


class GitIdentity(BaseModel):
    """Who the agent's commits say wrote them (unset: its name and
    ``<name>@gitea-assistants.invalid``), and whether it may commit over a failing gate (the
    pull request then says so)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, pattern=r"^[^<>\n\r]{1,100}$")
    email: str | None = Field(default=None, pattern=r"^[^@\s<>]{1,64}@[^@\s<>]{1,190}$")
    commit_failing_gate: bool = False


class TaskLimits(BaseModel):
    """What one task may do at most; a task that reaches a limit stops and commits nothing."""

    model_config = ConfigDict(extra="forbid")

    files: int = Field(default=20, ge=1, description="Files a task's change may touch.")
    lines: int = Field(default=500, ge=1, description="Lines added plus lines removed.")
    tool_calls: int = Field(default=60, ge=1, description="Workbench tool calls per task.")
    wall_s: float | None = Field(
        default=None, gt=0, description="Seconds a task may run (unset: no limit)."
    )


def _env_name(value: str | None) -> str | None:
    if value is None:
        return None
    if _LOOKS_LIKE_TOKEN.match(value):
        raise ValueError(
            "this looks like a Telegram bot token itself; put the token in the environment "
            "and write the variable's NAME here (e.g. GA_TELEGRAM_TOKEN_RESEARCHER)"
        )
    if not _ENV_NAME.match(value):
        raise ValueError(
            f"must be an environment variable NAME in upper case (e.g. GA_TELEGRAM_TOKEN_X), "
            f"not {value!r}"
        )
    return value


class Soul(BaseModel):
    """One agent of the team."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]{1,62}$", description="Unique; also its queue.")
    role: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=300, description="One-line résumé headline.")
    personality: str = Field(min_length=1)
    skills: list[str] = Field(min_length=1, description="Short skill phrases, most central first.")
    model: ModelConfig = Field(default_factory=ModelConfig)
    behaviours: list[str] = Field(
        default_factory=list,
        description="The code it works with (researcher, triager, ...), first match wins; "
        "empty: the behaviour named like the soul, else the generalist.",
    )
    patterns_dir: Path | None = Field(
        default=None,
        description="A folder of prompt patterns (Fabric's layout) that override the shipped "
        "ones for this soul; relative to the soul's file.",
    )
    triggers: list[Trigger] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    telegram_token_env: str | None = None
    schedule: Schedule | None = Field(
        default=None, description="When it scans the board for work, and its daily budget."
    )
    rounds: Rounds = Field(default_factory=Rounds)
    git: GitIdentity = Field(default_factory=GitIdentity)
    limits: TaskLimits = Field(default_factory=TaskLimits)
    enabled: bool = True
    resume: str = Field(min_length=40, description="The markdown body: skills and experience.")
    source: Path | None = Field(default=None, exclude=True, description="The file it came from.")

    @field_validator("telegram_token_env")
    @classmethod
    def _token_env(cls, value: str | None) -> str | None:
        return _env_name(value)

    @field_validator("skills")
    @classmethod
    def _skills(cls, value: list[str]) -> list[str]:
        cleaned = [s.strip() for s in value]
        if any(not s for s in cleaned):
            raise ValueError("skills must be non-empty phrases")
        return cleaned

    @field_validator("behaviours")
    @classmethod
    def _distinct_behaviours(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(v.strip() for v in value))

    @field_validator("actions")
    @classmethod
    def _distinct_actions(cls, value: list[Action]) -> list[Action]:
        return list(dict.fromkeys(value))

    @property
    def skills_text(self) -> str:
        """Role, headline, skills and résumé in one text: what entries are compared with."""
        skills = "; ".join(self.skills)
        return f"{self.role}. {self.summary}\nSkills: {skills}\n\n{self.resume}"

    def own_patterns_dir(self) -> Path | None:
        """``patterns_dir`` resolved against the soul's file (``None``: shipped patterns only)."""
        if self.patterns_dir is None:
            return None
        if self.patterns_dir.is_absolute() or self.source is None:
            return self.patterns_dir
        return self.source.parent / self.patterns_dir

    def git_author(self) -> tuple[str, str]:
        """(name, email) its commits carry: the ``git:`` block, else its own name."""
        return (
            self.git.name or self.name,
            self.git.email or f"{self.name}@gitea-assistants.invalid",
        )

    def may(self, action: Action | str) -> bool:
        """Whether the agent is allowed to take ``action`` (an unknown action: never)."""
        try:
            return Action(action) in self.actions
        except ValueError:
            return False

    def telegram_token(self) -> SecretStr | None:
        """The bot token from the environment (None when unset or not configured)."""
        if not self.telegram_token_env:
            return None
        value = os.environ.get(self.telegram_token_env)
        return SecretStr(value) if value else None
