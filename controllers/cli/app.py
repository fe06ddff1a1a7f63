"""The CLI's Litestar app (the board's app plus ``BoardCLIPlugin``) and the settings it carries.

``main`` reads the settings once and hands Litestar's CLI a ready ``LitestarEnv`` on this app;
commands ask ``app_settings()`` for them. ``APP_FACTORY`` is the same app for ``LITESTAR_APP``
(``gitea-assistants litestar run`` serves it, reading the settings when it starts).
"""

from __future__ import annotations

from pathlib import Path

import click
from litestar import Litestar
from litestar.cli._utils import LitestarEnv

from controllers.api.plugin import BoardAppPlugin, settings_of
from controllers.cli.plugin import BoardCLIPlugin
from controllers.settings import AppSettings, load_settings

APP_FACTORY = "controllers.cli.app:create_cli_app"


def cli_app(settings: AppSettings) -> Litestar:
    """The API app on ``settings`` with our commands plugged into Litestar's CLI."""
    return Litestar(plugins=[BoardAppPlugin(settings), BoardCLIPlugin()])


def create_cli_app() -> Litestar:
    """``APP_FACTORY``: ``cli_app`` on the settings in the environment."""
    return cli_app(load_settings())


def cli_env(settings: AppSettings) -> LitestarEnv:
    """What Litestar's CLI keeps as the context object: the app and where it comes from."""
    return LitestarEnv(
        app_path=APP_FACTORY, app=cli_app(settings), cwd=Path.cwd(), is_app_factory=True
    )


def app_settings() -> AppSettings:
    """The settings of the running command (read once by ``main``, kept by the CLI's app)."""
    env = click.get_current_context().find_object(LitestarEnv)
    if env is None:
        raise click.UsageError("no settings: run the command through 'gitea-assistants'")
    return settings_of(env.app)
