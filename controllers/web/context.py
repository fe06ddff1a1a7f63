"""What every web handler may need besides the board: souls, sign-in checks, settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from litestar import Request
from litestar.response import Template

from blackboard.models.vocabulary import EntryKind, EntryStatus
from controllers.api.throttle import FailureThrottle
from controllers.web.auth import signed_in_user
from controllers.web.settings import WebViewSettings
from knowledge_sources.souls import Soul, load_souls

# The kinds the board page filters by (repositories, labels and milestones are not listed).
ENTRY_KINDS = tuple(
    kind
    for kind in EntryKind
    if kind not in (EntryKind.GITEA_REPO, EntryKind.GITEA_LABEL, EntryKind.GITEA_MILESTONE)
)
ENTRY_STATUSES = tuple(EntryStatus)


@dataclass
class WebContext:
    """Shared by the web routes (one per app); the souls are read on first use."""

    token_source: Callable[[], str]
    settings: WebViewSettings
    throttle: FailureThrottle
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
