"""``gitea-assistants sync`` and ``gitea hooks install`` against the stand-in."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from pydantic import SecretStr

from blackboard.database import Database
from blackboard.settings import BoardSettings
from controllers.cli.app import cli_env
from controllers.cli.commands import gitea as gitea_command
from controllers.cli.commands import sync as sync_command
from controllers.settings import AppSettings
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import WEBHOOK_SECRET, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    for name in ("one", "two"):
        repo = standin.state.add_repo("acme", name)
        seed.add_files(standin, repo, {"README.md": f"# {name}\n"})
        issue = seed.add_issue(standin, repo, f"{name} needs work")
        seed.add_comment(standin, repo, issue, "agreed")
        seed.add_wiki(standin, repo, "Home", f"# {name} wiki")
    return standin


def test_sync_prints_a_json_report_and_is_incremental(
    gitea: StandinGitea,
    fresh_database: Callable[[], Database],
    test_settings: BoardSettings,
) -> None:
    settings = test_settings.model_copy(update={"database_url": SecretStr(fresh_database().uri)})
    obj = cli_env(AppSettings(board=settings, gitea=settings_for(gitea)))
    first = CliRunner().invoke(sync_command.sync_command, ["--json"], obj=obj)
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["created"]["gitea_issue"] == 2 and report["writes"] > 0
    second = CliRunner().invoke(
        sync_command.sync_command, ["--json", "--repo", "acme/one"], obj=obj
    )
    assert second.exit_code == 0, second.output
    assert json.loads(second.output)["writes"] == 0
    refused = CliRunner().invoke(sync_command.sync_command, ["--repo", "evil/repo"], obj=obj)
    assert refused.exit_code == 1 and "allowlist" in refused.output


def test_hooks_install_creates_then_updates(gitea: StandinGitea) -> None:
    obj = cli_env(AppSettings(gitea=settings_for(gitea)))
    first = CliRunner().invoke(gitea_command.gitea_group, ["hooks", "install", "--json"], obj=obj)
    assert first.exit_code == 0, first.output
    assert [r["result"] for r in json.loads(first.output)] == ["created", "created"]
    again = CliRunner().invoke(gitea_command.gitea_group, ["hooks", "install", "--json"], obj=obj)
    assert [r["result"] for r in json.loads(again.output)] == ["updated", "updated"]
    repo = gitea.state.repo("acme", "one")
    assert repo is not None and len(repo.hooks) == 1
    hook = next(iter(repo.hooks.values()))
    assert hook.secret == WEBHOOK_SECRET and "issues" in hook.events


def test_sync_without_a_token_explains(gitea: StandinGitea) -> None:
    obj = cli_env(AppSettings(gitea=settings_for(gitea, token=None)))
    result = CliRunner().invoke(sync_command.sync_command, [], obj=obj)
    assert result.exit_code == 1 and "GA_GITEA_TOKEN" in result.output
