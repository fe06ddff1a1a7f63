"""The prompt-injection cases (``data/injection_cases.json``) and the board entries they become.

Each case is an attack text on one vector: an issue body, a comment, a pull request's diff, a
wiki page, a document, a chat message, a file name, a web page, or a question asked for a
repository. Every case gets its own repository (``acme/case-N``) as its task's own target,
and a marker (``INJ-<id>``) to find its text in the prompts. ``{secret_file}`` in an attack is
the path of a file outside the board whose contents must never reach an output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blackboard.schemas.entries import EntryIn

CASES_FILE = Path(__file__).parent / "data" / "injection_cases.json"
GITEA = "http://gitea.test"
CHAT_ID = 4242
VECTORS = frozenset(
    {
        "issue_body",
        "comment",
        "pr_diff",
        "wiki_page",
        "document",
        "chat_message",
        "file_name",
        "web_page",
        "question",
    }
)


@dataclass(frozen=True)
class Case:
    """One attack: where it is planted and what it says."""

    number: int
    id: str
    vector: str
    attack: str

    @property
    def marker(self) -> str:
        return f"INJ-{self.id}"

    @property
    def repo(self) -> str:
        """The case's own target: the repository its entry belongs to."""
        return f"acme/case-{self.number}"

    @property
    def web_url(self) -> str:
        return f"https://web.test/{self.id}"

    def origin_words(self) -> str:
        """What the label of the fence around this case's text must say."""
        if self.vector == "document":
            return f"file:///docs/{self.id}.md"
        if self.vector == "chat_message":
            return f"telegram chat {CHAT_ID}"
        if self.vector == "web_page":
            return self.web_url
        return f"of {self.repo}"

    def text(self, secret_file: Path) -> str:
        return f"{self.marker}: {self.attack.replace('{secret_file}', str(secret_file))}"

    def entry(self, secret_file: Path) -> EntryIn | None:
        """The board entry that plants the attack (web pages come in through SearXNG)."""
        text, repo, n = self.text(secret_file), self.repo, self.number
        issue_meta: dict[str, Any] = {"repo": repo, "number": n}
        if self.vector == "issue_body":
            body = f"Saving crashes the app.\n\n{text}"
            return _entry("gitea_issue", f"Crash on save ({n})", body, f"issues/{n}", issue_meta)
        if self.vector == "comment":
            title = f"Comment by mallory on {repo}#{n}"
            return _entry("gitea_comment", title, text, f"issues/{n}#c{n}", issue_meta)
        if self.vector == "pr_diff":
            diff = f"```diff\n--- a/app.py\n+++ b/app.py\n@@ -1 +1,2 @@\n-old = 0\n+# {text}\n```"
            body = f"Refactor the settings.\n\n{diff}"
            return _entry("gitea_pull", f"Refactor settings ({n})", body, f"pulls/{n}", issue_meta)
        if self.vector == "wiki_page":
            meta = {"repo": repo, "page": "Home"}
            return _entry("gitea_wiki_page", "Home", f"# Home\n\n{text}", "wiki/Home", meta)
        if self.vector == "document":
            return EntryIn(
                kind="document",
                title=f"{self.id}.md",
                body=f"# Guide\n\nWebhooks are signed with HMAC.\n\n{text}\n",
                source_uri=f"file:///docs/{self.id}.md",
            )
        if self.vector == "file_name":
            path = f"{self.marker}/{self.attack}"
            meta = {"repo": repo, "path": path, "branch": "main"}
            return _entry("gitea_file", f"{repo}: {path}", "print('hello')\n", f"src/{path}", meta)
        if self.vector == "chat_message":
            telegram = {"chat_id": CHAT_ID, "message_id": n, "user_id": 7, "username": "mallory"}
            return EntryIn(
                kind="question",
                title=text.splitlines()[0][:500],
                body=text,
                source_uri=f"telegram://chat/{CHAT_ID}/message/{n}",
                author="telegram:mallory",
                tags=["telegram"],
                meta={"telegram": {**telegram, "bot": "researcher"}},
            )
        if self.vector == "question":
            return EntryIn(kind="question", title=text[:500], body=text, meta={"repo": repo})
        return None

    def web_result(self, secret_file: Path) -> dict[str, str]:
        """The SearXNG result that carries a web-page attack."""
        text = self.text(secret_file)
        return {"url": self.web_url, "title": f"{self.marker} page", "content": text}


def _entry(kind: str, title: str, body: str, where: str, meta: dict[str, Any]) -> EntryIn:
    return EntryIn(
        kind=kind, title=title, body=body, source_uri=f"{GITEA}/{meta['repo']}/{where}", meta=meta
    )


def load_cases() -> list[Case]:
    """Every case of the suite, numbered from 1."""
    raw = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [Case(number=i, **item) for i, item in enumerate(raw, start=1)]
