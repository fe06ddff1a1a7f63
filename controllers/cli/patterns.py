"""The prompt-pattern check the commands that run agents do first (``up``, ``serve worker``)."""

from __future__ import annotations

from collections.abc import Collection

import click

from controllers.settings import AppSettings


def check_team_patterns(settings: AppSettings, agents: Collection[str] | None = None) -> int:
    """How many patterns the enabled souls (of ``agents``) need and have; a missing or
    malformed one stops the command with the file and the fix, before anything starts."""
    from knowledge_sources.behaviours import UnknownBehaviourError
    from knowledge_sources.pattern_check import check_patterns
    from knowledge_sources.patterns import PatternError
    from knowledge_sources.souls import load_souls

    souls = load_souls(settings.models.souls_dir)
    try:
        return check_patterns(souls, settings.models.patterns_dir, agents)
    except (PatternError, UnknownBehaviourError) as exc:
        raise click.ClickException(str(exc)) from None
