"""``bench triage``: label accuracy and duplicate precision/recall of a model on a triage set.

The set's labels and issues go onto a scratch board as the Gitea mirror would store them (a
``gitea_label`` per label, a ``gitea_issue`` per issue, no labels on the issues); then each
issue, in number order, is triaged the way the triager does it: duplicate candidates among the
earlier issues (hybrid search + similarity floor), then the model's constrained choices
(``knowledge_sources.triager.decide``). Counted:

- label accuracy: of all (issue, label group) decisions, the share where the chosen label (or
  ``none``) is the expected one;
- issues labelled exactly: the share of issues whose chosen label set equals the expected set;
- duplicate precision/recall over (issue, earlier issue) pairs; candidate recall: the share of
  true duplicates that search put before the model at all.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.services.entries import EntryService
from controllers.bench.figures import Figure, Target
from controllers.bench.scratch import scratch_database
from controllers.bench.triage_data import TriageSet
from controllers.settings import AppSettings
from knowledge_sources.models.factory import make_provider
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.souls import load_souls
from knowledge_sources.triager.decide import NONE, PATTERNS, triage
from knowledge_sources.triager.duplicates import SIMILARITY_FLOOR, find_candidates
from knowledge_sources.triager.issue import Issue
from knowledge_sources.triager.labels import Label, groups, scope

REPO = "bench/triage"
TARGET_LABELS = Target(">=", 0.8)
TARGET_PRECISION = Target(">=", 0.8)
TARGET_RECALL = Target(">=", 0.6)


def run_triage_bench(
    settings: AppSettings, data: TriageSet, limit: int | None = None
) -> dict[str, Any]:
    """Triage the first ``limit`` issues (all by default) with the triager soul's model and
    prompt patterns (its own folder, ``GA_PATTERNS_DIR``, the shipped ones)."""
    soul = load_souls(settings.models.souls_dir)["triager"]
    model = make_provider(soul.model, settings.models)
    patterns = Patterns.for_soul(soul.own_patterns_dir(), settings.models.patterns_dir)
    with scratch_database(settings.board) as db:
        board = Board.open(settings.board, db=db, run_migrations=False)
        return asyncio.run(_measure(board, model, soul.personality, data, limit, patterns))


def triage_figures(report: dict[str, Any]) -> list[Figure]:
    """The report's figures with their targets, for the table."""
    return [
        Figure("model", report["model"]),
        Figure("issues triaged", report["issues"]),
        Figure("label decisions", report["label_decisions"]),
        Figure("label accuracy", report["label_accuracy"], target=TARGET_LABELS),
        Figure("issues labelled exactly", report["exact_issues"]),
        Figure("expected duplicate pairs", report["expected_duplicates"]),
        Figure("duplicates found", report["found_duplicates"]),
        Figure("duplicate precision", report["duplicate_precision"], target=TARGET_PRECISION),
        Figure("duplicate recall", report["duplicate_recall"], target=TARGET_RECALL),
        Figure("candidate recall (search + floor)", report["candidate_recall"]),
        Figure("seconds per issue", report["s_per_issue"], "s"),
    ]


async def _measure(
    board: Board,
    model: ModelProvider,
    personality: str,
    data: TriageSet,
    limit: int | None,
    patterns: Patterns,
) -> dict[str, Any]:
    try:
        labels = await _store(board, data)
        by_group = groups(labels)
        issues = data.issues[:limit] if limit else data.issues
        correct = exact = 0
        expected_pairs = {(i.number, i.duplicate_of) for i in issues if i.duplicate_of}
        found: set[tuple[int, int]] = set()
        candidates_seen: set[tuple[int, int]] = set()
        started = time.perf_counter()
        for labelled in issues:
            issue = Issue(
                REPO, labelled.number, labelled.title, labelled.body, _origin(labelled.number)
            )
            candidates = await find_candidates(board, issue)
            candidates_seen |= {(labelled.number, c.issue.number) for c in candidates}
            result = await triage(model, personality, issue, labels, candidates, patterns)
            chosen = {lab.name for lab in result.labels}
            for group in by_group:
                want = next((n for n in labelled.labels if scope(n) == group), NONE)
                got = next((n for n in chosen if scope(n) == group), NONE)
                correct += want == got
            exact += chosen == set(labelled.labels)
            found |= {(labelled.number, d.issue.number) for d in result.duplicates}
        elapsed = time.perf_counter() - started
    finally:
        await model.aclose()
        await board.close(stop_database=False)  # the scratch context owns the server
    decisions = len(issues) * len(by_group)
    hits = len(found & expected_pairs)
    return {
        "model": model.name,
        "patterns": [str(patterns.get(name).folder) for name in PATTERNS],
        "issues": len(issues),
        "label_groups": sorted(by_group),
        "label_decisions": decisions,
        "label_accuracy": _ratio(correct, decisions),
        "exact_issues": _ratio(exact, len(issues)),
        "expected_duplicates": len(expected_pairs),
        "found_duplicates": len(found),
        "correct_duplicates": hits,
        "duplicate_precision": _ratio(hits, len(found)),
        "duplicate_recall": _ratio(hits, len(expected_pairs)),
        "candidate_recall": _ratio(len(candidates_seen & expected_pairs), len(expected_pairs)),
        "similarity_floor": SIMILARITY_FLOOR,
        "s_per_issue": round(elapsed / len(issues), 3) if issues else 0.0,
    }


async def _store(board: Board, data: TriageSet) -> list[Label]:
    """The set on the board as the mirror would hold it; returns the label set."""
    labels = [Label(name, i, text) for i, (name, text) in enumerate(data.labels.items(), start=1)]
    tags = ["gitea", f"repo:{REPO}"]
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder(), autocommit=False)
        for label in labels:
            await service.create(
                EntryIn(
                    kind=EntryKind.GITEA_LABEL,
                    title=label.name,
                    body=label.description,
                    tags=tags,
                    meta={"repo": REPO, "gitea_id": label.gitea_id},
                )
            )
        for issue in data.issues:
            await service.create(
                EntryIn(
                    kind=EntryKind.GITEA_ISSUE,
                    title=issue.title,
                    body=issue.body,
                    tags=tags,
                    meta={"repo": REPO, "number": issue.number, "labels": []},
                )
            )
        await session.commit()
    return labels


def _origin(number: int) -> str:
    return f"gitea issue #{number} of {REPO} (triage set)"


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
