"""Validated shapes of what goes onto and comes off the board (API bodies, service inputs)."""
