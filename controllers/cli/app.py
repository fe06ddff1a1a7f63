"""The CLI's context object (the settings, read once, when a command first needs them) and the
CLI's Litestar app.

Commands ask ``app_settings()`` for the settings; a bad value stops the command with exit status
2 and names the variable. ``--help`` and ``--version`` read no settings. The Litestar app (the
board's app plus ``BoardCLIPlugin``) is built only when a Litestar command needs it: Litestar's
commands call the context object for their ``LitestarEnv``. ``APP_FACTORY`` is the same app for
``LITESTAR_APP`` (``gitea-assistants litestar run`` serves it, reading the settings when it
starts). Nothing here imports Litestar or the settings' models at module level, so ``--help``
stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from controllers.logs import show_our_logs

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.cli._utils import LitestarEnv

    from controllers.settings import AppSettings

APP_FACTORY = "controllers.cli.app:create_cli_app"


class BadSettingsError(click.ClickException):
    """A setting in the environment has a bad value: the command stops with exit status 2."""

    exit_code = 2


def cli_app(settings: AppSettings) -> Litestar:
    """The API app on ``settings`` with our commands plugged into Litestar's CLI."""
    from litestar import Litestar

    from controllers.api.plugin import BoardAppPlugin
    from controllers.cli.plugin import BoardCLIPlugin

    return Litestar(plugins=[BoardAppPlugin(settings), BoardCLIPlugin()])


def create_cli_app() -> Litestar:
    """``APP_FACTORY``: ``cli_app`` on the settings in the environment."""
    from controllers.settings import load_settings

    return cli_app(load_settings())


def _read_settings() -> AppSettings:
    from controllers.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise BadSettingsError(str(exc)) from None


class CliEnv:
    """The context object of a ``gitea-assistants`` run: its settings, read on first use (then
    our logs go to stderr at ``GA_LOG_LEVEL``).

    Calling it gives Litestar's commands the ``LitestarEnv`` they expect (Litestar's CLI
    replaces a callable context object with what it returns), building the app only then.
    """

    def __init__(self, settings: AppSettings | None = None) -> None:
        self._given = settings
        self._settings: AppSettings | None = None

    @property
    def settings(self) -> AppSettings:
        """The settings given, else those in the environment (``BadSettingsError`` if bad)."""
        if self._settings is None:
            settings = self._given or _read_settings()
            show_our_logs(settings.board.log_level)
            self._settings = settings
        return self._settings

    def __call__(self) -> LitestarEnv:
        from litestar.cli._utils import LitestarEnv

        return LitestarEnv(
            app_path=APP_FACTORY,
            app=cli_app(self.settings),
            cwd=Path.cwd(),
            is_app_factory=True,
        )


def cli_env(settings: AppSettings | None = None) -> CliEnv:
    """The context object for a run on ``settings`` (default: the environment's, when needed)."""
    return CliEnv(settings)


def app_settings() -> AppSettings:
    """The settings of the running command."""
    ctx = click.get_current_context()
    env = ctx.find_object(CliEnv)
    if env is not None:
        return env.settings
    if ctx.find_root().obj is not None:  # our commands under Litestar's own CLI (its env)
        from litestar.cli._utils import LitestarEnv

        from controllers.api.plugin import settings_of

        litestar_env = ctx.find_object(LitestarEnv)
        if litestar_env is not None:
            return settings_of(litestar_env.app)
    raise click.UsageError("no settings: run the command through 'gitea-assistants'")
