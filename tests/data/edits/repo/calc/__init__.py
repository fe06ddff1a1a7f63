"""A tiny calculator package: the repository the edit benchmark changes."""
