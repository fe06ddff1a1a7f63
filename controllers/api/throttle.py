"""Per-client throttling of failed credentials (wrong API tokens, failed web sign-ins).

Each client (its address) may fail ``limit`` times within ``window_s`` seconds; after that every
attempt is refused with 429 and ``Retry-After`` until the window that held the first counted
failure has passed, whether the credentials are right or not. Success does not reset the
count (a guesser who hits once learns nothing from the counter). Memory is bounded: at most
``max_clients`` clients are remembered, the least recently failing forgotten first.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from litestar.exceptions import TooManyRequestsException
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ThrottleSettings(BaseSettings):
    """How many wrong credentials a client may present (prefix ``GA_AUTH_``)."""

    model_config = SettingsConfigDict(env_prefix="GA_AUTH_", extra="ignore")

    failures_per_client: int = Field(default=10, ge=1)
    window_s: float = Field(default=300.0, gt=0)
    max_clients: int = Field(default=10_000, ge=1)

    def throttle(self) -> FailureThrottle:
        """A fresh throttle with these limits."""
        return FailureThrottle(
            limit=self.failures_per_client, window_s=self.window_s, max_clients=self.max_clients
        )


@dataclass
class _Failures:
    first_at: float
    count: int = 0


@dataclass
class FailureThrottle:
    """Counts failures per client key; ``check`` raises 429 for a client over its limit."""

    limit: int = 10
    window_s: float = 300.0
    max_clients: int = 10_000
    clock: Callable[[], float] = time.monotonic
    _failures: OrderedDict[str, _Failures] = field(default_factory=OrderedDict, repr=False)

    def check(self, client: str) -> None:
        """Raise ``TooManyRequestsException`` with ``Retry-After`` while ``client`` is throttled."""
        wait = self.retry_after(client)
        if wait:
            raise TooManyRequestsException(
                f"too many failed attempts from this client; try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )

    def retry_after(self, client: str) -> int:
        """Seconds until ``client`` may try again (0: it may try now)."""
        record = self._current(client)
        if record is None or record.count < self.limit:
            return 0
        return max(1, math.ceil(record.first_at + self.window_s - self.clock()))

    def failed(self, client: str) -> None:
        """Count one failure of ``client``."""
        record = self._current(client)
        if record is None:
            record = self._failures[client] = _Failures(first_at=self.clock())
        record.count += 1
        self._failures.move_to_end(client)
        while len(self._failures) > self.max_clients:
            self._failures.popitem(last=False)

    def remembered(self) -> int:
        """How many clients are remembered now."""
        return len(self._failures)

    def _current(self, client: str) -> _Failures | None:
        record = self._failures.get(client)
        if record is not None and self.clock() - record.first_at >= self.window_s:
            del self._failures[client]
            return None
        return record
