"""Where a piece of board text came from, in words, for the label of its fence.

A label names the outside origin (a Gitea issue and its repository, a document's path, a web
page's URL, a Telegram chat) and the board entry, so a model (and a person reading a prompt)
can tell sources apart. Everything in it is itself untrusted: ``Fence`` quotes it on one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from blackboard.models import Entry
from blackboard.schemas.search import SearchHit

KIND_WORDS = {
    "gitea_issue": "gitea issue",
    "gitea_pull": "gitea pull request",
    "gitea_comment": "gitea comment",
    "gitea_wiki_page": "gitea wiki page",
    "gitea_file": "gitea file",
    "gitea_repo": "gitea repository",
    "document": "document",
    "dependency_doc": "dependency document",
    "chat_message": "chat message",
}


def origin(kind: str, entry_id: int, source_uri: str | None, meta: Mapping[str, Any]) -> str:
    """E.g. ``gitea issue #12 of acme/app (board entry 7, http://...)``."""
    words = KIND_WORDS.get(kind, kind.replace("_", " "))
    repo, telegram = meta.get("repo"), meta.get("telegram")
    if isinstance(telegram, Mapping):
        words = f"telegram chat {telegram.get('chat_id')} {words}"
    elif isinstance(repo, str) and repo:
        place = meta.get("number") or meta.get("path") or meta.get("page")
        if isinstance(place, int):
            words = f"{words} #{place} of {repo}"
        elif isinstance(place, str) and place:
            words = f"{words} {place} of {repo}"
        else:
            words = f"{words} of {repo}"
    where = f"board entry {entry_id}" + (f", {source_uri}" if source_uri else "")
    return f"{words} ({where})"


def entry_origin(entry: Entry) -> str:
    """The origin of a whole entry."""
    meta = entry.meta if isinstance(entry.meta, Mapping) else {}
    return origin(entry.kind, entry.id, entry.source_uri, meta)


def hit_origin(hit: SearchHit) -> str:
    """The origin of a search hit (a passage of an entry)."""
    return origin(hit.kind, hit.entry_id, hit.source_uri, {})
