"""The ``gitea.*`` family: one Gitea API, the write policy, the marker secret and our own
account (``GET /user`` once, cached), and what Gitea's errors mean."""

from __future__ import annotations

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.errors import (
    GiteaError,
    GiteaNotReadyError,
    GiteaRateLimitError,
    GiteaServerError,
    GiteaUnavailableError,
    WriteRefusedError,
)
from blackboard.connectors.gitea.settings import GiteaSettings
from blackboard.models import Action
from blackboard.models.vocabulary import ActionStatus
from controllers.outbox.gitea_actions import Context
from controllers.outbox.handlers import Verdict
from controllers.outbox.policy import check_write

TRANSIENT = (GiteaServerError, GiteaUnavailableError, GiteaRateLimitError, GiteaNotReadyError)


class GiteaChannel:
    """Builds each ``gitea.*`` action's context; a target outside the policy is refused."""

    def __init__(self, api: GiteaAPI, settings: GiteaSettings, secret: bytes) -> None:
        self.api = api
        self.settings = settings
        self.secret = secret
        self._login: str | None = None

    async def account(self) -> str:
        """The login of the token's user (asked once)."""
        if self._login is None:
            self._login = str((await self.api.me())["login"])
        return self._login

    def context(self, action: Action) -> Context:
        owner, repo = check_write(self.settings, action.target)
        return Context(
            self.api,
            self.settings,
            owner,
            repo,
            dict(action.payload),
            action.idempotency_key,
            self.secret,
            self.account,
        )

    def judge(self, error: Exception) -> Verdict | None:
        if isinstance(error, WriteRefusedError):
            return Verdict(ActionStatus.REFUSED, str(error))
        if isinstance(error, TRANSIENT):
            return Verdict(ActionStatus.PENDING, str(error))
        if isinstance(error, GiteaError):
            return Verdict(ActionStatus.FAILED, f"{type(error).__name__}: {error}")
        return None
