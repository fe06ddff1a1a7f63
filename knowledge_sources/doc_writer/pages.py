"""The pages a docs change may go to: the checkout's README and its ``docs/`` pages.

Pages the search found (their path in a source's URI) come first, then the rest in path order,
at most ``MAX_PAGES``; the last option is always a new page under ``docs/`` named after the gap.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge_sources.researcher.sources import Source

MAX_PAGES = 8
PAGE_SUFFIXES = (".md", ".rst")


def docs_pages(root: Path, sources: list[Source]) -> list[str]:
    """Existing pages of the checkout at ``root``, the ones the sources point at first."""
    found = [p for p in root.glob("*") if p.is_file() and p.name.lower().startswith("readme")]
    docs = root / "docs"
    if docs.is_dir():
        found += [p for p in docs.rglob("*") if p.is_file() and not p.is_symlink()]
    pages = sorted(
        p.relative_to(root).as_posix() for p in found if p.suffix.lower() in PAGE_SUFFIXES
    )
    uris = " ".join(s.hit.source_uri or "" for s in sources)
    pages.sort(key=lambda page: page not in uris)  # stable: found pages first, in path order
    return pages[:MAX_PAGES]


def new_page(title: str) -> str:
    """``docs/<slug>.md`` for a page about ``title``."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "notes"
    return f"docs/{slug}.md"
