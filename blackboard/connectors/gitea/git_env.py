"""The environment every git command of the platform runs with: token header, identity, config.

The token travels in an ``http.extraHeader`` set through ``GIT_CONFIG_*`` environment variables,
so it is never on a command line, in a URL, in ``.git/config`` or in an error message. Other
configuration (a signing key's path, ``gpg.format``) goes the same way: nothing is written to a
config file. ``Identity`` is who a commit says wrote it (author and committer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from blackboard.connectors.gitea.settings import GiteaSettings

_NAME = re.compile(r"^[^<>\n\r\x00]{1,100}$")
_EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,190}$")


@dataclass(frozen=True)
class Identity:
    """A commit's author and committer: a name and an email git accepts as they are."""

    name: str
    email: str

    def __post_init__(self) -> None:
        if not _NAME.match(self.name) or self.name.strip() != self.name:
            raise ValueError(f"{self.name!r} is not a git author name (1-100 chars, no <>)")
        if not _EMAIL.match(self.email):
            raise ValueError(f"{self.email!r} is not an email address git accepts")

    @classmethod
    def of_platform(cls, settings: GiteaSettings) -> Identity:
        """The platform's own identity (``GA_GITEA_GIT_AUTHOR_NAME``/``_EMAIL``)."""
        return cls(settings.git_author_name, settings.git_author_email)


def config_env(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """``GIT_CONFIG_COUNT``/``KEY_n``/``VALUE_n`` for ``pairs`` (empty: nothing)."""
    if not pairs:
        return {}
    env = {"GIT_CONFIG_COUNT": str(len(pairs))}
    for n, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{n}"] = key
        env[f"GIT_CONFIG_VALUE_{n}"] = value
    return env


def git_env(
    settings: GiteaSettings,
    identity: Identity | None = None,
    config: Sequence[tuple[str, str]] = (),
) -> dict[str, str]:
    """Environment for git: no prompts, ``identity`` (default: the platform's), the token header
    and ``config``."""
    who = identity or Identity.of_platform(settings)
    pairs = list(config)
    if settings.token_value:
        pairs.insert(0, ("http.extraHeader", f"Authorization: token {settings.token_value}"))
    return {
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": who.name,
        "GIT_AUTHOR_EMAIL": who.email,
        "GIT_COMMITTER_NAME": who.name,
        "GIT_COMMITTER_EMAIL": who.email,
        **config_env(pairs),
    }
