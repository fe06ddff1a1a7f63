"""A soul's schedule: when it looks for work on the board, which scans it runs, and how much it
may take on per day.

The scans themselves (queries over the board) live with the control component
(``controllers/control/scans/``); here are only their names, so a soul file is checked when it
is read: an unknown scan, a cron expression croniter cannot read or a negative budget is an
error at start-up, naming the file and the field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from croniter import croniter
from pydantic import BaseModel, ConfigDict, Field, field_validator


class ScanName(StrEnum):
    """The board scans a schedule may name."""

    UNTRIAGED_ISSUES = "untriaged_issues"
    """Open Gitea issues without labels that have no triage record."""
    UNANSWERED_QUESTIONS = "unanswered_questions"
    """Open questions that nothing ``answers``."""
    GOALS_WITHOUT_PLAN = "goals_without_plan"
    """Open goals that no task has finished on."""
    UNREVIEWED_PULLS = "unreviewed_pulls"
    """Open pull requests that no task has finished on."""
    OPEN_PROBLEMS = "open_problems"
    """Open problems that no task has finished on."""
    MISSING_DOCS = "missing_docs"
    """Questions whose research note found nothing in the docs."""


class ScanSpec(BaseModel):
    """One scan of a schedule and whose queue its tasks go to (``to``: a teammate; default the
    soul itself). A plain scan name in the file means ``{scan: NAME}``."""

    model_config = ConfigDict(extra="forbid")

    scan: ScanName
    to: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]{1,62}$")


class Schedule(BaseModel):
    """When (``cron``, five fields, or six with seconds last) and what (``scans``) a soul
    looks for, and its daily budget: ``daily_tasks`` tasks it creates and ``daily_model_s``
    seconds of model time its own tasks use per day (UTC); a spent budget stops the scans
    until the next day."""

    model_config = ConfigDict(extra="forbid")

    cron: str = Field(min_length=9, max_length=100)
    scans: list[ScanSpec] = Field(min_length=1)
    daily_tasks: int = Field(default=20, ge=0, le=10_000)
    daily_model_s: float = Field(default=1800.0, ge=0.0, le=86_400.0)

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        value = " ".join(value.split())
        if len(value.split()) not in (5, 6) or not croniter.is_valid(value):
            raise ValueError(
                f"{value!r} is not a cron expression (five fields, e.g. '*/30 * * * *' for "
                "every 30 minutes)"
            )
        return value

    @field_validator("scans", mode="before")
    @classmethod
    def _plain_names(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"scan": item} if isinstance(item, str) else item for item in value]
        return value
