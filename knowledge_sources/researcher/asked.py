"""The question as the researcher's prompts show it: fenced, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge_sources.prompts.fence import Fence

MODEL_WRITTEN = "written by the model from the fenced sources"
"""The origin a prompt gives text the model wrote earlier (draft, critique, chosen quotes)."""


@dataclass(frozen=True)
class Asked:
    """The question and where it came from (an untrusted text like any other)."""

    question: str
    origin: str

    def fenced(self, fence: Fence) -> str:
        """The question as a prompt shows it."""
        return f"Question:\n{fence.wrap(self.question, source=self.origin, label='the question')}"
