"""Pytest fixtures: a started stand-in (fails the test on any spec violation) and settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from blackboard.connectors.gitea.settings import GiteaSettings
from tests.gitea_standin.server import StandinGitea

WEBHOOK_SECRET = "standin-webhook-secret"


@pytest.fixture(scope="module")
def standin() -> Iterator[StandinGitea]:
    """A fresh stand-in Gitea per test module, on loopback; spec violations fail the module."""
    server = StandinGitea().start()
    try:
        yield server
    finally:
        server.stop()
    assert not server.violations, "Gitea spec violations:\n" + "\n".join(server.violations)


@pytest.fixture
def no_violations(standin: StandinGitea) -> Iterator[None]:
    """Fail the single test that caused a spec violation (not just the module)."""
    before = len(standin.violations)
    yield
    assert standin.violations[before:] == []


def settings_for(server: StandinGitea, **overrides: object) -> GiteaSettings:
    """Gitea settings pointing at ``server`` (fast retries, a known webhook secret)."""
    values: dict[str, object] = {
        "url": server.url,
        "token": server.token,
        "allow": ["acme"],
        "retry_wait": 0.01,
        "retry_max_wait": 0.05,
        "webhook_secret": WEBHOOK_SECRET,
        "webhook_url": "http://127.0.0.1:9/gitea/webhook",
    }
    values.update(overrides)
    return GiteaSettings.model_validate(values)
