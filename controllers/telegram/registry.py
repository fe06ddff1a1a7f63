"""The bots running in this process, by agent name (the webhook route looks them up here)."""

from __future__ import annotations

from controllers.telegram.bots import AgentBot

RUNNING: dict[str, AgentBot] = {}
