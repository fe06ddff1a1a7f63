"""A triage set: a repository's labels (``labels.json``) and labelled issues (``issues.jsonl``).

``issues.jsonl``: one issue a line, ``{"title", "body", "labels": [...], "number"?,
"duplicate_of"?}``; ``number`` defaults to the line's position, ``duplicate_of`` names an
earlier issue's number. ``labels.json``: the repository's label list, names or
``{"name", "description"}`` objects. Every label an issue expects must be in the list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blackboard.errors import BoardError

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "triage"


class TriageSetError(BoardError):
    """A triage set that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class LabelledIssue:
    """One issue of the set with what a person decided about it."""

    number: int
    title: str
    body: str
    labels: frozenset[str]
    duplicate_of: int | None = None


@dataclass(frozen=True)
class TriageSet:
    """The label list (name -> description) and the issues in number order."""

    labels: dict[str, str]
    issues: list[LabelledIssue]


def load_set(folder: Path) -> TriageSet:
    """Read and check ``folder``; ``TriageSetError`` says what is wrong where."""
    labels = _labels(folder / "labels.json")
    issues: list[LabelledIssue] = []
    path = folder / "issues.jsonl"
    if not path.is_file():
        raise TriageSetError(f"{path}: no such file (one JSON issue a line)")
    lines = path.read_text(encoding="utf-8").splitlines()
    for line_no, line in enumerate(lines, start=1):
        if line.strip():
            issues.append(_issue(path, line_no, line, len(issues) + 1, labels))
    numbers = {i.number for i in issues}
    if len(numbers) != len(issues):
        raise TriageSetError(f"{path}: issue numbers repeat")
    for issue in issues:
        if issue.duplicate_of is not None and not (
            issue.duplicate_of in numbers and issue.duplicate_of < issue.number
        ):
            raise TriageSetError(
                f"{path}: issue {issue.number} duplicates {issue.duplicate_of}, "
                "which is not an earlier issue of the set"
            )
    if not issues:
        raise TriageSetError(f"{path}: no issues")
    return TriageSet(labels, sorted(issues, key=lambda i: i.number))


def _labels(path: Path) -> dict[str, str]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TriageSetError(f"{path}: no such file (the repository's label list)") from None
    except json.JSONDecodeError as exc:
        raise TriageSetError(f"{path}: not JSON ({exc})") from None
    if not isinstance(raw, list) or not raw:
        raise TriageSetError(f"{path}: expected a non-empty JSON list of labels")
    labels: dict[str, str] = {}
    for item in raw:
        if isinstance(item, str):
            labels[item] = ""
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            labels[item["name"]] = str(item.get("description") or "")
        else:
            raise TriageSetError(f"{path}: each label is a name or {{'name', 'description'}}")
    return labels


def _issue(
    path: Path, line_no: int, line: str, position: int, labels: dict[str, str]
) -> LabelledIssue:
    where = f"{path}:{line_no}"
    try:
        raw: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise TriageSetError(f"{where}: not JSON ({exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
        raise TriageSetError(f"{where}: expected an object with a 'title'")
    expected = raw.get("labels") or []
    if not isinstance(expected, list) or not all(isinstance(x, str) for x in expected):
        raise TriageSetError(f"{where}: 'labels' must be a list of names")
    unknown = sorted(set(expected) - set(labels))
    if unknown:
        raise TriageSetError(f"{where}: labels not in labels.json: {', '.join(unknown)}")
    number, duplicate = raw.get("number", position), raw.get("duplicate_of")
    if not isinstance(number, int) or not (duplicate is None or isinstance(duplicate, int)):
        raise TriageSetError(f"{where}: 'number' and 'duplicate_of' must be integers")
    return LabelledIssue(
        number, raw["title"], str(raw.get("body") or ""), frozenset(expected), duplicate
    )
