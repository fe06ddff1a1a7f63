"""The sources a docs change used, as the pull request shows them: numbered, each with its
board entry's title, where it lives (path or URL, with lines) and the board entry's id."""

from __future__ import annotations

from knowledge_sources.researcher.sources import Source


def sources_section(cited: list[Source]) -> str:
    """``### Sources`` with one numbered line per cited source."""
    lines = ["### Sources", ""]
    for n, source in enumerate(cited, start=1):
        title = " ".join(source.hit.title.split()) or "untitled"
        lines.append(f"{n}. {title} — {source.location} (board entry {source.hit.entry_id})")
    return "\n".join(lines)
