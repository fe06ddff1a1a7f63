"""``AppSettings``: every settings class of every layer, read from the environment once.

The composition root (``controllers.composition``) and the CLI build one ``AppSettings`` at
start-up with ``load_settings()`` and pass each part down to the code that needs it; nothing
below reads the environment itself. The environment variable names are those of each part
(``GA_*``, ``GA_INGEST_*``, ``GA_GITEA_*``, ... and ``DATABASE_URL``; see docs/configuration.md).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.errors import BoardError
from blackboard.settings import BoardSettings
from controllers.api.throttle import ThrottleSettings
from controllers.control.settings import ControlSettings
from controllers.outbox.settings import OutboxSettings
from controllers.telegram.settings import TelegramSettings
from controllers.web.settings import WebViewSettings
from ingest.settings import IngestSettings
from ingest.sources.web_settings import WebSearchSettings
from knowledge_sources.database.settings import DatabaseToolSettings
from knowledge_sources.models.settings import ModelSettings
from knowledge_sources.workbench.checkout_settings import WorkspaceSettings
from knowledge_sources.workbench.sandbox_settings import SandboxSettings


class AppSettings(BaseModel):
    """The settings of the whole application, one part per layer or interface.

    A part left out is read from the environment; tests pass the parts they care about.
    """

    model_config = ConfigDict(frozen=True)

    board: BoardSettings = Field(default_factory=BoardSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    gitea: GiteaSettings = Field(default_factory=GiteaSettings)
    models: ModelSettings = Field(default_factory=ModelSettings)
    control: ControlSettings = Field(default_factory=ControlSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    web_view: WebViewSettings = Field(default_factory=WebViewSettings)
    web_search: WebSearchSettings = Field(default_factory=WebSearchSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    auth: ThrottleSettings = Field(default_factory=ThrottleSettings)
    sandbox: SandboxSettings = Field(default_factory=SandboxSettings)
    db_tool: DatabaseToolSettings = Field(default_factory=DatabaseToolSettings)
    workspace: WorkspaceSettings = Field(default_factory=WorkspaceSettings)


class SettingsError(BoardError):
    """A setting in the environment has a bad value (the message never quotes the value)."""


def load_settings() -> AppSettings:
    """Read every part from the environment; ``SettingsError`` names each bad variable."""
    try:
        return AppSettings()
    except ValidationError as exc:
        raise SettingsError(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """``bad setting GA_PORT: Input should be a valid integer`` lines, without the input."""
    prefix = _env_prefix(exc.title)
    lines = [
        f"bad setting {_variable(prefix, error['loc'])}: {error['msg']}" for error in exc.errors()
    ]
    return "\n".join(lines) or f"bad settings ({exc.title})"


_PARTS = (
    BoardSettings,
    IngestSettings,
    GiteaSettings,
    ModelSettings,
    ControlSettings,
    TelegramSettings,
    WebViewSettings,
    WebSearchSettings,
    OutboxSettings,
    ThrottleSettings,
    SandboxSettings,
    DatabaseToolSettings,
    WorkspaceSettings,
)
_PREFIXES = {part.__name__: str(part.model_config.get("env_prefix", "")) for part in _PARTS}


def _env_prefix(title: str) -> str:
    return _PREFIXES.get(title, "GA_")


def _variable(prefix: str, loc: tuple[int | str, ...]) -> str:
    if not loc:
        return f"{prefix}*"
    field = str(loc[0])
    if field == "database_url":
        return "DATABASE_URL"
    return f"{prefix}{field.upper()}"
