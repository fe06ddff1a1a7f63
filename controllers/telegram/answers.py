"""Composing an answer for the chat from a board entry (a research note, a plan...).

Plain text (no parse mode), so nothing in a note can be taken as markup: the title, the
summary paragraph, and links to the wiki page and to the entry in the web view. When the
asked agent adds nothing, ``compose_decision`` says what it decided and why instead.
"""

from __future__ import annotations

from typing import Any

from blackboard.models import Entry

LIMIT = 4000
"""Telegram allows 4096 characters per message."""


def summary_of(body: str, limit: int = 700) -> str:
    """The first prose paragraph of a markdown body (no headings, quotes or lists)."""
    paragraph: list[str] = []
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            if paragraph:
                break
            continue
        if (
            line.startswith(("#", ">", "- ", "* ", "_", "|", "```"))
            or line[:2].rstrip(".").isdigit()
        ):
            if paragraph:
                break
            continue
        paragraph.append(line)
    text = " ".join(paragraph)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wiki_url(response: dict[str, Any], target: str, gitea_url: str) -> str | None:
    """The wiki page's address from a finished ``gitea.wiki.*`` action's response."""
    url = response.get("html_url")
    if isinstance(url, str) and url:
        return url
    sub = response.get("sub_url")
    if isinstance(sub, str) and sub and target and gitea_url:
        return f"{gitea_url.rstrip('/')}/{target}/wiki/{sub}"
    return None


def compose(note: Entry, wiki: str | None, web_url: str) -> str:
    """The reply text for ``note``."""
    lines = [note.title, "", summary_of(note.body) or "(no summary)"]
    if wiki:
        lines += ["", f"Wiki: {wiki}"]
    if web_url:
        lines += [f"Board: {web_url}/entries/{note.id}"]
    else:
        lines += [f"Board entry {note.id}"]
    text = "\n".join(lines)
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"


def compose_decision(agent: str, entry: Entry, decision: str, why: str, web_url: str) -> str:
    """The reply when ``agent`` finished its task on ``entry`` with nothing written."""
    lines = [
        f'{agent} decided {decision} on "{entry.title}".',
        f"Why: {why or 'no reason given'}",
    ]
    lines += [f"Board: {web_url}/entries/{entry.id}" if web_url else f"Board entry {entry.id}"]
    text = "\n".join(lines)
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"
