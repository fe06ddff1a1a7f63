"""Gitea: the spec-driven API client, the mirror onto the board, and webhook payload handling."""
