"""Control settings (prefix ``GA_CONTROL_``): loop guards and SAQ job policy for slow models."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ControlSettings(BaseSettings):
    """Limits that keep agents from looping, and how patient the queues are."""

    model_config = SettingsConfigDict(env_prefix="GA_CONTROL_", extra="ignore")

    max_depth: int = Field(default=4, ge=0, description="Longest chain of agent contributions.")
    goal_budget: int = Field(default=50, ge=1, description="Most tasks one goal may spawn.")
    job_timeout_s: int = Field(default=3600, ge=10, description="A task's whole run (SAQ timeout).")
    heartbeat_s: int = Field(default=120, ge=1, description="Silence after which a job is stuck.")
    retries: int = Field(default=5, ge=1, description="SAQ attempts per task.")
    retry_delay_s: float = Field(default=30.0, ge=0.0, description="First retry delay (doubles).")
    sweep_s: int = Field(default=30, ge=1, description="How often workers look for stuck jobs.")
    requeue_s: int = Field(
        default=60,
        ge=1,
        description="How often control re-enqueues queued tasks whose job is gone.",
    )
    lease_poll_s: float = Field(
        default=2.0,
        gt=0,
        description="How often a waiting control/sync/outbox copy tries to take over "
        "(takeover within about this once the active copy dies).",
    )
    scans: bool = Field(
        default=True,
        description="Run the souls' scheduled scans (GA_CONTROL_SCANS=false: no soul scans).",
    )
    queue_pool_size: int = Field(default=20, ge=4, description="Connections shared by queues.")
