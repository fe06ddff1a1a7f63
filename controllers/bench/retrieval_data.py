"""The shipped retrieval benchmark's data: a markdown corpus and questions with their answers.

``tests/data/retrieval/`` holds ``corpus/`` (real documentation, licence beside it) and
``questions.jsonl`` (``question``, ``document`` relative to the corpus, ``section``).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from blackboard.errors import BoardError

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "retrieval"


@dataclass(frozen=True)
class Question:
    """A question and where its answer is."""

    question: str
    document: str
    section: str


def load_questions(data: Path) -> list[Question]:
    """Every question in ``data/questions.jsonl``; each must name a document of the corpus."""
    path = data / "questions.jsonl"
    if not path.is_file():
        raise BoardError(f"no {path}: pass --data with a folder holding questions.jsonl + corpus/")
    questions: list[Question] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        question = Question(str(row["question"]), str(row["document"]), str(row["section"]))
        if not (data / "corpus" / question.document).is_file():
            raise BoardError(f"{path}:{number}: {question.document} is not in {data / 'corpus'}")
        questions.append(question)
    return questions


def slice_corpus(data: Path, questions: list[Question], target: Path) -> Path:
    """Copy just the documents ``questions`` ask about into ``target`` (a smoke-run corpus)."""
    for document in sorted({q.document for q in questions}):
        destination = target / document
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data / "corpus" / document, destination)
    return target
