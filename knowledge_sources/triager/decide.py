"""The triager's decisions, each by constrained choice and each recorded with its options.

Per label group, the model picks one label of that group or ``none``; per duplicate candidate
it answers ``duplicate`` or ``not a duplicate``. The issue, the candidates and the label
descriptions come from Gitea and reach the model fenced as data; what it may answer is fixed
here (the repository's label names, the two verdicts), so a crafted issue cannot add a label.
The prompts are the patterns ``triager_label`` and ``triager_duplicate``; the fenced texts are
the values they place.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge_sources.decisions import Choice
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.triager.duplicates import Candidate
from knowledge_sources.triager.issue import Issue
from knowledge_sources.triager.labels import Label, groups

NONE = "none"
DUPLICATE, DISTINCT = "duplicate", "not a duplicate"
ISSUE_CHARS = 3000
PATTERNS = ("triager_label", "triager_duplicate")
SHIPPED = Patterns()


@dataclass(frozen=True)
class Triage:
    """What was decided for one issue."""

    labels: list[Label]
    duplicates: list[Candidate]
    decisions: list[Choice]


async def triage(
    model: ModelProvider,
    personality: str,
    issue: Issue,
    labels: list[Label],
    candidates: list[Candidate],
    patterns: Patterns = SHIPPED,
) -> Triage:
    """Choose labels per group and confirm each duplicate candidate."""
    label_pattern, duplicate_pattern = (patterns.get(name) for name in PATTERNS)
    chosen: list[Label] = []
    decisions: list[Choice] = []
    for group, members in groups(labels).items():
        fence = Fence()
        options = [lab.name for lab in members] + [NONE]
        listing = fence.wrap(
            "\n".join(_listed(lab) for lab in members),
            source=f"gitea labels of {issue.repo}",
            label=f"the {group} labels",
        )
        answer = await model.choose(
            label_pattern.render_user(
                issue=_fenced_issue(fence, issue), group=group, labels=listing, none=NONE
            ),
            options,
            system=fence.system(label_pattern.with_personality(personality)),
        )
        picked = next((lab for lab in members if lab.name == answer), None)
        if picked is not None:
            chosen.append(picked)
        decisions.append(
            Choice(
                f"{group} label",
                options,
                answer,
                f"{model.name} chose among the repository's {len(members)} {group} labels",
            )
        )
    duplicates: list[Candidate] = []
    for candidate in candidates:
        fence = Fence()
        other = candidate.issue
        earlier = fence.wrap(
            other.text[:ISSUE_CHARS], source=other.origin, label=f"earlier issue #{other.number}"
        )
        answer = await model.choose(
            duplicate_pattern.render_user(issue=_fenced_issue(fence, issue), earlier=earlier),
            [DUPLICATE, DISTINCT],
            system=fence.system(duplicate_pattern.with_personality(personality)),
        )
        if answer == DUPLICATE:
            duplicates.append(candidate)
        decisions.append(
            Choice(
                f"duplicate of #{other.number}",
                [DUPLICATE, DISTINCT],
                answer,
                f"similarity {candidate.similarity:.2f}; {model.name} read both issues",
            )
        )
    return Triage(chosen, duplicates, decisions)


def _fenced_issue(fence: Fence, issue: Issue) -> str:
    text = fence.wrap(issue.text, source=issue.origin, label="the issue", limit=ISSUE_CHARS)
    return f"Issue #{issue.number} of {issue.repo}:\n{text}"


def _listed(label: Label) -> str:
    return f"- {label.name}: {label.description}" if label.description else f"- {label.name}"
