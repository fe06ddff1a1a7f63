"""Gitea webhooks: signature check, delivery dedupe, and turning payloads into board entries."""
