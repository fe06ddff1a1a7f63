"""Secrets stay secret (issue 16, hole 11).

A password inside ``GA_GITEA_URL`` (or any URL) is stripped from messages and from every log
line, httpx's request lines included; ``up`` refuses an API token shorter than 32 characters
(naming GA_API_TOKEN) and a token file that other users may read, before it starts anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.database import Database
from blackboard.redact_urls import install, redact_urls
from blackboard.settings import BoardSettings
from controllers.api.token import MIN_TOKEN_CHARS, WeakTokenError, check_api_token
from tests.cli_runner import cli_env, run_cli
from tests.loopback_server import loopback_server, refused_url

PASSWORD = "hunter2-very-secret"


def _said(text: str) -> str:
    """What the CLI printed, on one line (rich boxes and wraps its error messages)."""
    return " ".join(text.replace("│", " ").split())


def test_credentials_are_stripped_from_any_url_in_a_text() -> None:
    text = (
        f"cannot reach https://bot:{PASSWORD}@gitea.example/api/v1, "
        f"nor postgresql://ga:{PASSWORD}@db:5432/board nor http://token{PASSWORD}@h/x; "
        "http://plain.example/a@b stays"
    )
    cleaned = redact_urls(text)
    assert PASSWORD not in cleaned
    assert "https://***@gitea.example/api/v1" in cleaned
    assert "postgresql://***@db:5432/board" in cleaned
    assert "http://plain.example/a@b stays" in cleaned


async def test_log_lines_and_errors_carry_no_url_password(caplog: pytest.LogCaptureFixture) -> None:
    install()
    caplog.set_level(logging.DEBUG)
    with loopback_server() as server:
        server.reply_json({"ok": True})
        with_password = server.url.replace("http://", f"http://bot:{PASSWORD}@")
        async with httpx.AsyncClient() as client:  # httpx logs each request's URL at INFO
            assert (await client.get(f"{with_password}/ping")).status_code == 200
    assert "HTTP Request: GET" in caplog.text
    logging.getLogger("ingest").warning("fetching %s failed", f"{with_password}/x")

    gitea = GiteaSettings(
        url=refused_url().replace("http://", f"http://bot:{PASSWORD}@"),
        token=SecretStr("t"),
        allow=["acme"],
    )
    async with GiteaClient(gitea) as client:
        with pytest.raises(GiteaError) as raised:
            await client.call("repoGet", owner="acme", repo="app")
    assert PASSWORD not in str(raised.value)
    assert "***@127.0.0.1" in str(raised.value)
    assert PASSWORD not in caplog.text
    assert "bot:***" not in caplog.text and "http://***@127.0.0.1" in caplog.text


def test_a_sync_against_a_gitea_url_with_a_password_never_prints_it(
    fresh_database: Callable[[], Database], tmp_path: Path
) -> None:
    env = cli_env(
        DATABASE_URL=fresh_database().uri,
        GA_DATA_DIR=str(tmp_path),
        GA_EMBEDDER="hashing",
        GA_LOG_LEVEL="DEBUG",
        GA_GITEA_URL=refused_url().replace("http://", f"http://bot:{PASSWORD}@"),
        GA_GITEA_TOKEN="gitea-token",
        GA_GITEA_ALLOW="acme",
    )
    run = run_cli("sync", env=env)
    assert run.returncode != 0
    assert "cannot reach Gitea at http://***@127.0.0.1" in _said(run.stdout + run.stderr)
    assert PASSWORD not in run.stdout + run.stderr


def test_up_refuses_a_short_api_token(tmp_path: Path) -> None:
    env = cli_env(GA_DATA_DIR=str(tmp_path), GA_API_TOKEN="short-token", GA_EMBEDDER="hashing")
    run = run_cli("up", "--no-agents", env=env, timeout=60)
    assert run.returncode != 0
    assert "GA_API_TOKEN has 11 characters" in _said(run.stderr)
    assert f"at least {MIN_TOKEN_CHARS}" in _said(run.stderr)
    assert "short-token" not in run.stderr + run.stdout
    assert not (tmp_path / "pgdata").exists()  # refused before starting anything


def test_a_token_file_others_may_read_is_refused(tmp_path: Path) -> None:
    settings = BoardSettings(data_dir=tmp_path)
    settings.token_file.write_text("t" * 43 + "\n")
    settings.token_file.chmod(0o600)
    check_api_token(settings)  # private and long enough: fine
    settings.token_file.chmod(0o644)
    with pytest.raises(WeakTokenError, match=r"open to other users \(mode 644\).*chmod 600"):
        check_api_token(settings)
    env = cli_env(GA_DATA_DIR=str(tmp_path), GA_EMBEDDER="hashing")
    run = run_cli("up", "--no-agents", env=env, timeout=60)
    assert run.returncode != 0 and "run 'chmod 600" in _said(run.stderr)
    assert not (tmp_path / "pgdata").exists()
    settings.token_file.chmod(0o600)
    settings.token_file.write_text("too-short\n")
    with pytest.raises(WeakTokenError, match="has 9 characters"):
        check_api_token(settings)
