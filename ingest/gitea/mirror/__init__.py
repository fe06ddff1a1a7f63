"""The Gitea mirror: Gitea objects become board entries, fully or incrementally."""
