"""What every web handler may need besides the board: souls, sign-in checks, settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from litestar import Request
from litestar.response import Template

from controllers.web.auth import signed_in_user
from controllers.web.settings import WebViewSettings
from knowledge_sources.souls import Soul, load_souls

ENTRY_KINDS = (
    "goal", "question", "task", "open_problem", "research_note", "contribution", "document",
    "dependency_doc", "gitea_issue", "gitea_pull", "gitea_comment", "gitea_wiki_page",
    "gitea_file", "chat_message",
)  # fmt: skip
ENTRY_STATUSES = ("open", "active", "done", "closed", "gone")


@dataclass
class WebContext:
    """Shared by the web routes (one per app); the souls are read on first use."""

    token_source: Callable[[], str]
    settings: WebViewSettings
    souls_dir: Path | None = None
    given_souls: Mapping[str, Soul] | None = None
    _souls: dict[str, Soul] | None = field(default=None, repr=False)

    @property
    def souls(self) -> Mapping[str, Soul]:
        """The team (from ``souls_dir``, or the ones given)."""
        if self._souls is None:
            given = self.given_souls
            self._souls = dict(given if given is not None else load_souls(self.souls_dir))
        return self._souls

    def page(self, request: Request[Any, Any, Any], name: str, **context: Any) -> Template:
        """Render ``name`` with what every page shows (who is signed in, the agents)."""
        return Template(
            template_name=name,
            context={
                "user": signed_in_user(request),
                "agents": sorted(self.souls),
                "kinds": ENTRY_KINDS,
                "statuses": ENTRY_STATUSES,
                **context,
            },
        )
