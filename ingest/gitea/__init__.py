"""Gitea onto the board: the mirror (full and incremental sync) and webhook payload handling."""
