"""The databases the operator lets the database specialists read (environment prefix
``GA_DB_TOOL_``), and the limits every query runs under.

``GA_DB_TOOL_DATABASES`` names them, as JSON (``{"shop": "postgresql://..."}``) or as
``shop=postgresql://...,crm=postgresql://...``; the URLs are secrets (``SecretStr``: never
logged, never shown). ``GA_DB_TOOL_REPOS`` says which repository's migrations build which
database (``acme/shop=shop``, or JSON ``{"acme/shop": ["shop"]}``): the schema keeper refreshes
those databases' notes when a migration lands there and writes them to that repository's wiki.
"""

from __future__ import annotations

import json
import re
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class DatabaseToolSettings(BaseSettings):
    """``GA_DB_TOOL_DATABASES``, ``GA_DB_TOOL_REPOS``, ``GA_DB_TOOL_ROW_LIMIT``,
    ``GA_DB_TOOL_TIMEOUT_S``."""

    model_config = SettingsConfigDict(env_prefix="GA_DB_TOOL_", extra="ignore")

    databases: Annotated[dict[str, SecretStr], NoDecode] = Field(
        default_factory=dict,
        description="name -> PostgreSQL URL (a read-only role is best); JSON or name=url,...",
    )
    repos: Annotated[dict[str, list[str]], NoDecode] = Field(
        default_factory=dict,
        description="repository -> the databases its migrations build; JSON or repo=name,...",
    )
    row_limit: int = Field(default=200, ge=1, le=10_000, description="Rows a query returns.")
    timeout_s: float = Field(
        default=5.0, gt=0, le=600, description="Seconds a statement may run (statement_timeout)."
    )

    @field_validator("databases", mode="before")
    @classmethod
    def _databases(cls, value: object) -> object:
        pairs = _pairs(value, "GA_DB_TOOL_DATABASES")
        if not isinstance(pairs, dict):
            return pairs
        for name, url in pairs.items():
            if not isinstance(name, str) or not NAME.match(name):
                raise ValueError(
                    "a database name is lower case letters, digits, '_' or '-' (at most 63)"
                )
            if isinstance(url, str) and not url.startswith(("postgresql://", "postgres://")):
                raise ValueError(f"the URL of {name!r} must start with postgresql://")
        return pairs

    @field_validator("repos", mode="before")
    @classmethod
    def _repos(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().startswith("{"):
            grouped: dict[str, list[str]] = {}
            for repo, name in _split(value, "GA_DB_TOOL_REPOS"):
                grouped.setdefault(repo, []).append(name)
            return grouped
        value = _pairs(value, "GA_DB_TOOL_REPOS")
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _known(self) -> DatabaseToolSettings:
        for repo, names in self.repos.items():
            if not REPO.match(repo):
                raise ValueError(f"{repo!r} in GA_DB_TOOL_REPOS is not owner/name")
            unknown = sorted(set(names) - set(self.databases))
            if unknown:
                raise ValueError(
                    f"GA_DB_TOOL_REPOS names {', '.join(unknown)} for {repo}, which "
                    "GA_DB_TOOL_DATABASES does not name"
                )
        return self

    def names(self) -> list[str]:
        """The databases' names, sorted."""
        return sorted(self.databases)

    def repos_of(self, database: str) -> list[str]:
        """The repositories whose migrations build ``database``, sorted."""
        return sorted(repo for repo, names in self.repos.items() if database in names)

    def for_repo(self, repo: str) -> list[str]:
        """The databases whose migrations live in ``repo`` (case-insensitive, like Gitea)."""
        wanted = repo.lower()
        return sorted({n for r, names in self.repos.items() if r.lower() == wanted for n in names})


def _pairs(value: object, variable: str) -> object:
    """JSON text -> its object; ``a=b,c=d`` -> a dict; anything else as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise ValueError(f"{variable} is not valid JSON") from None
    return dict(_split(text, variable))


def _split(text: str, variable: str) -> list[tuple[str, str]]:
    pairs = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, val = part.partition("=")
        if not sep or not key.strip() or not val.strip():
            raise ValueError(f"{variable} takes name=value pairs separated by commas (or JSON)")
        pairs.append((key.strip(), val.strip()))
    return pairs
