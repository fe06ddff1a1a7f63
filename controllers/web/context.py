"""What every web handler may need besides the board: souls, sign-in checks, settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.response import Template

from blackboard.models.vocabulary import EntryKind, EntryStatus
from controllers.web.auth import signed_in_user
from controllers.web.settings import WebSettings
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
    settings: WebSettings
    given_souls: Mapping[str, Soul] | None = None
    _souls: dict[str, Soul] | None = field(default=None, repr=False)

    @property
    def souls(self) -> Mapping[str, Soul]:
        """The team (``souls/``, or the ones given)."""
        if self._souls is None:
            self._souls = dict(self.given_souls if self.given_souls is not None else load_souls())
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
