"""The start-up check of prompt patterns: every pattern an enabled soul may need is there.

A soul may run each of its behaviours' patterns and, for what none of them handles, the
generalist's. Each is looked up in the soul's order (its own folder, the operator's
``GA_PATTERNS_DIR``, the shipped ones) and must be readable and well formed, so a typo in a
pattern stops ``up`` or a worker before any task runs instead of failing a task later.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from knowledge_sources.behaviours import behaviours_of
from knowledge_sources.generalist import PATTERNS as GENERALIST_PATTERNS
from knowledge_sources.patterns import PatternError, Patterns
from knowledge_sources.registry import known_behaviours
from knowledge_sources.souls import Soul

FIX = (
    "fix or remove that pattern folder (the shipped one is used when no other folder holds "
    "the name), or point GA_PATTERNS_DIR / the soul's patterns_dir: at the right folder"
)


def check_patterns(
    souls: Mapping[str, Soul],
    operator_dir: Path | None,
    agents: Collection[str] | None = None,
) -> int:
    """How many patterns were checked for the enabled souls (of ``agents``, when given);
    ``PatternError`` names the soul, the pattern, the file and the fix at the first problem."""
    if operator_dir is not None and not operator_dir.is_dir():
        raise PatternError(
            f"GA_PATTERNS_DIR={operator_dir} is not a folder; create it or unset the variable"
        )
    known = known_behaviours()
    checked = 0
    for name, soul in souls.items():
        if not soul.enabled or (agents is not None and name not in agents):
            continue
        own = soul.own_patterns_dir()
        if own is not None and not own.is_dir():
            raise PatternError(
                f"soul {name!r} names patterns_dir {own}, which is not a folder; create it "
                "or remove patterns_dir: from the soul's file"
            )
        patterns = Patterns.for_soul(own, operator_dir)
        needed = [(b.name, p) for b in behaviours_of(soul, known) for p in b.patterns]
        needed += [("generalist", p) for p in GENERALIST_PATTERNS]
        for behaviour, pattern in needed:
            try:
                patterns.check(pattern)
            except PatternError as exc:
                raise PatternError(
                    f"soul {name!r} (behaviour {behaviour!r}) needs prompt pattern "
                    f"{pattern!r}: {exc}; {FIX}"
                ) from None
            checked += 1
    return checked
