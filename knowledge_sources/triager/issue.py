"""The issue being triaged, as the triager sees it: from a board entry or a benchmark line."""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.models import Entry
from knowledge_sources.prompts.origins import entry_origin


@dataclass(frozen=True)
class Issue:
    """An issue of ``repo``: its number, text and where it came from (for the prompt's fence)."""

    repo: str
    number: int
    title: str
    body: str
    origin: str
    entry_id: int | None = None
    url: str = ""

    @property
    def text(self) -> str:
        """Title and body, as searched and embedded."""
        return f"{self.title}\n\n{self.body}"

    @classmethod
    def of(cls, entry: Entry) -> Issue:
        """The issue a mirrored ``gitea_issue`` entry holds."""
        meta = entry.meta
        return cls(
            repo=str(meta["repo"]),
            number=int(meta["number"]),
            title=entry.title,
            body=entry.body,
            origin=entry_origin(entry),
            entry_id=entry.id,
            url=str(meta.get("html_url") or entry.source_uri or ""),
        )
