"""Controllers: the control component and the human-facing interfaces (HTTP API, CLI, bots)."""
