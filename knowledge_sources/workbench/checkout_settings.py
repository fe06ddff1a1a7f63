"""``WorkspaceSettings`` (``GA_WORKSPACE_*``): where tasks' checkouts live."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WorkspaceSettings(BaseSettings):
    """``GA_WORKSPACE_DIR``: the folder of tasks' checkouts (unset: ``<data dir>/workspaces``)."""

    model_config = SettingsConfigDict(env_prefix="GA_WORKSPACE_", extra="ignore")

    dir: Path | None = Field(
        default=None,
        description="Folder of the tasks' clones, one task-<id> folder each, removed when the "
        "task ends (unset: workspaces/ in the data directory).",
    )

    def directory(self, data_dir: Path) -> Path:
        """The folder to use, given the board's data directory."""
        return self.dir if self.dir is not None else data_dir / "workspaces"
