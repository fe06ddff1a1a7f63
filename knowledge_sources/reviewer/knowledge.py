"""What the board knows about a pull request, read once per review and fenced as data.

The issue it closes (``closes #12``, ``fixes #12``, ``resolves #12`` in its text, mirrored as
a ``gitea_issue`` of the same repository), the reviews it had (from the mirror, and the
reviewer's own last record), and the documentation passages hybrid search finds for its title
and changed files. Each part is cut to a share of ``budget`` characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from blackboard.models import Entry
from blackboard.models.vocabulary import EntryKind
from blackboard.runtime import Board
from blackboard.schemas.search import SearchRequest
from blackboard.search import search_entries
from knowledge_sources.prompts.origins import entry_origin

_CLOSES = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)", re.IGNORECASE)
DOC_KINDS = [EntryKind.GITEA_FILE, EntryKind.DOCUMENT, EntryKind.GITEA_WIKI_PAGE]


@dataclass(frozen=True)
class Known:
    """One piece of background: its text and where it came from (for the fence's label)."""

    label: str
    origin: str
    text: str


def closed_numbers(text: str) -> list[int]:
    """Issue numbers a pull request's text says it closes, in order, once each."""
    return list(dict.fromkeys(int(n) for n in _CLOSES.findall(text)))


async def background(board: Board, pull: Entry, record: Entry | None, budget: int) -> list[Known]:
    """The closed issues, earlier reviews and documentation passages, within ``budget``."""
    share = max(budget // 3, 200)
    repo = str(pull.meta.get("repo"))
    known: list[Known] = []
    async with board.sessions() as session:
        for number in closed_numbers(pull.body)[:2]:
            issue = await session.scalar(
                select(Entry).where(
                    Entry.kind == EntryKind.GITEA_ISSUE,
                    Entry.meta["repo"].astext == repo,
                    Entry.meta["number"].astext == str(number),
                )
            )
            if issue is not None:
                text = f"{issue.title}\n\n{issue.body}"[:share]
                known.append(Known(f"issue #{number}, which it closes", entry_origin(issue), text))
    if record is not None:
        known.append(Known("the last review of it", entry_origin(record), record.body[:share]))
    files = [str(f) for f in pull.meta.get("files") or []][:20]
    request = SearchRequest(
        query=f"{pull.title} {' '.join(files)}"[:2000],
        k=2,
        kinds=DOC_KINDS,
        tags=[f"repo:{repo}"[:100]],
        passages=1,
    )
    async with board.sessions() as session, session.begin():
        hits = await search_entries(session, request, await board.embedder())
    for hit in hits:
        for passage in hit.passages[:1]:
            where = hit.source_uri or hit.title
            known.append(
                Known(
                    "documentation", f"{where} (board entry {hit.entry_id})", passage.text[:share]
                )
            )
    return known
