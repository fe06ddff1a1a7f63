"""What a soul is: the typed, validated shape of one agent's file in ``souls/``.

The front matter fills every field except ``resume``, which is the markdown body: the agent's
skills and experience written like a résumé. Models read it to decide whether work fits the
agent, and the control component embeds ``skills_text`` to rate matches by similarity.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from blackboard.models.vocabulary import EntryKind
from knowledge_sources.models.config import ModelConfig

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
    """Submit a pull-request review (comments, approve, request changes)."""
    TELEGRAM = "telegram"
    """Message the overseers through the agent's Telegram bot."""


class Trigger(BaseModel):
    """Which board entries wake the agent. Every listed condition must hold.

    ``kinds``: any of these entry kinds (empty: any kind). ``tags`` and ``labels``: the entry
    carries at least one of them (empty: no condition). ``min_similarity``: cosine similarity
    between the entry and the agent's ``skills_text`` must reach this (0 = no condition).
    """

    model_config = ConfigDict(extra="forbid")

    kinds: list[EntryKind] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    labels: list[str] = Field(default_factory=list)
    min_similarity: float = Field(default=0.0, ge=0.0, le=1.0)

    def admits(self, kind: str, tags: set[str], labels: set[str]) -> bool:
        """Whether an entry passes the declarative part (kind, tags, labels) of this trigger."""
        if self.kinds and kind not in self.kinds:
            return False
        if self.tags and not tags.intersection(self.tags):
            return False
        return not (self.labels and not labels.intersection(self.labels))


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
