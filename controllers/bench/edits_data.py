"""The edit benchmark's data: ``tests/data/edits/`` — a small repository and its edit tasks.

``repo/`` is the repository every task starts from (copied fresh per task). ``tasks.jsonl``
holds one task a line: ``id``, ``instruction``, ``script`` (the tool calls the scripted model
makes, a reference solution that may include a wrong first try) and ``expect`` (per file: it
exists or not, texts it must contain, texts it must not).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

EDITS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "edits"


class Expectation(BaseModel):
    """What one file must look like after the task."""

    path: str
    exists: bool = True
    contains: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)

    def failure(self, root: Path) -> str | None:
        """Why the file at ``root / path`` does not meet the expectation, or ``None``."""
        file = root / self.path
        if file.is_file() != self.exists:
            return f"{self.path} {'is missing' if self.exists else 'still exists'}"
        text = file.read_text() if self.exists else ""
        missing = [part for part in self.contains if part not in text]
        present = [part for part in self.absent if part in text]
        if missing or present:
            return f"{self.path}: missing {missing!r}, should be gone {present!r}"
        return None


class EditTask(BaseModel):
    """One instruction, its reference tool calls and the expected files."""

    id: str
    instruction: str
    script: list[dict[str, Any]] = Field(min_length=1)
    expect: list[Expectation] = Field(min_length=1)


def load_tasks(directory: Path = EDITS_DIR) -> list[EditTask]:
    """Every task of ``tasks.jsonl``, in file order."""
    lines = (directory / "tasks.jsonl").read_text().splitlines()
    return [EditTask.model_validate(json.loads(line)) for line in lines if line.strip()]
