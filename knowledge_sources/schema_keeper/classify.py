"""The schema keeper's one model decision: what kind of change each planned pull request makes,
by constrained choice among fixed kinds (pattern ``schema_keeper_change``), each recorded with
its options and reason. The pull request's text and file names reach the model fenced as data;
the note's structure never comes from the model.
"""

from __future__ import annotations

from knowledge_sources.decisions import Choice
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.schema_keeper.planned import PlannedChange

PATTERN = "schema_keeper_change"
UNCLEAR = "unclear"
CHANGE_KINDS = (
    "adds tables or columns",
    "removes tables or columns",
    "changes column types or constraints",
    "adds or removes indexes",
    "moves or rewrites data",
    UNCLEAR,
)
PULL_CHARS = 3000


async def classify(
    model: ModelProvider, patterns: Patterns, personality: str, change: PlannedChange
) -> Choice:
    """The kind of schema change ``change`` makes, chosen among ``CHANGE_KINDS``."""
    pattern = patterns.get(PATTERN)
    fence = Fence()
    pull = fence.wrap(
        f"{change.title}\n\n{change.body}",
        source=change.origin,
        label=f"pull request #{change.number}",
        limit=PULL_CHARS,
    )
    files = fence.wrap(
        "\n".join(change.migrations), source=change.origin, label="migration file names"
    )
    options = list(CHANGE_KINDS)
    answer = await model.choose(
        pattern.render_user(pull=pull, files=files, options=", ".join(options)),
        options,
        system=fence.system(f"{personality}\n\n{pattern.system}"),
    )
    return Choice(
        f"kind of change of {change.repo}#{change.number}",
        options,
        answer,
        f"{model.name} read the pull request and its {len(change.migrations)} migration file(s)",
    )
